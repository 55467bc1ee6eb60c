/**
 * AWS clients, created once per container and shared by every handler in it. Where they point is the
 * SDK's own business: in Lambda the region's endpoints; locally AWS_ENDPOINT_URL_DYNAMODB, which the
 * local stack sets. This code does not know which.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

/**
 * Attempts per AWS call (the first and two retries), for every client of ours (DynamoDB, SES, S3, KMS).
 * Pinned here, not left to SDK defaults or AWS_MAX_ATTEMPTS: an API function lives at most 10 s
 * (infra/constructs/api-function.ts), and the SDK's own throttling backoff (a 1 s base, doubling; 4
 * attempts for DynamoDB) can sleep 7 s in one call, so two throttled calls in a row would run into the
 * timeout, which API Gateway answers with a bare 500. This way one call's waits between attempts add
 * up to at most 0.6 s (plus up to REQUEST_TIMEOUT_MS per attempt when a connection stalls), and what
 * still fails becomes our 503 with Retry-After.
 */
export const RETRY_ATTEMPTS = 3;

/**
 * The wait before retry n (1, 2): 100·2ⁿ ms, its upper half random ("equal jitter"), i.e. 100–200 ms
 * then 200–400 ms. Jitter spreads the retries of many functions throttled at once; the fixed half
 * makes each wait longer than the one before.
 */
export function retryDelay(retry: number): number {
  const cap = 100 * 2 ** retry;
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

/**
 * How long one attempt may take, connecting included, before it is given up (and retried): a stalled
 * connection must end as our 503, not run into the 10 s function limit. Three attempts of 2.5 s and
 * the waits between them stay under 9 s. DynamoDB, SES and KMS answer in milliseconds, and a Lambda
 * container sends one request's calls at a time.
 *
 * REQUEST_TIMEOUT_MS overrides it for a process that is not one request at a time: the local stack and
 * the tests run hundreds of requests in one process against one DynamoDB Local, where a call can wait
 * seconds for a socket without anything being stuck (infra/local/dynamodb.ts localAwsEnv sets it).
 */
export const REQUEST_TIMEOUT_MS = requestTimeout(process.env.REQUEST_TIMEOUT_MS);

function requestTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 2_500;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) throw new Error(`REQUEST_TIMEOUT_MS must be a positive whole number of milliseconds, not "${value}".`);
  return ms;
}

/**
 * The retry settings each client is built with. A strategy per client: its retry quota (the SDK
 * stops retrying a client whose calls keep failing) is then not drained by another service's errors.
 * Which errors are retried (throttling, 5xx, timeouts, network errors) is the SDK's standard mode.
 * `requestTimeoutMs`: per attempt (S3 uploads of 5 MB parts get longer); without
 * throwOnRequestTimeout the SDK would only log a warning and keep waiting.
 */
export function retrySettings(requestTimeoutMs = REQUEST_TIMEOUT_MS) {
  return {
    maxAttempts: RETRY_ATTEMPTS,
    retryStrategy: new ConfiguredRetryStrategy(RETRY_ATTEMPTS, retryDelay),
    // requestTimeout runs from the request's start, so it bounds connecting too.
    requestHandler: { requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

/**
 * Takes the SDK's logger middleware off a client. We give the SDK no logger, so it logs to a no-op
 * one, yet the middleware still builds every call's log entry first: it copies each response and walks
 * request and response to redact sensitive fields (schemaLogFilter). That was 5.5% of an export's CPU
 * and part of the sign path's (`node --cpu-prof` on bench/export.ts and bench/sign-path.ts), for
 * nothing. Our own logs never carry SDK payloads anyway (personal data).
 */
export function withoutSdkLogging<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

export const dynamo = withoutSdkLogging(new DynamoDBClient({ ...retrySettings() }));

export const documents = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});
