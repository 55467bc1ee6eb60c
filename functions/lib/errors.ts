/**
 * Errors that carry their HTTP meaning. Domain and store code throw these; the one error middleware
 * in ./http.ts turns them into `{ error: { code, message, fields? } }` responses.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, fields?: Record<string, string>, code = 'invalid_request') =>
  new HttpError(400, code, message, fields);
export const unauthorized = () =>
  new HttpError(401, 'unauthorized', 'Please sign in as an organiser (or send a valid API token).', undefined, {
    'www-authenticate': 'Bearer',
  });
export const notFound = (what = 'Campaign') => new HttpError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const unavailable = (retryAfterSeconds = 2) =>
  new HttpError(503, 'unavailable', 'The service is busy. Nothing was saved; please try again shortly.', undefined, {
    'retry-after': String(retryAfterSeconds),
  });

/** AWS error names that mean "too much load right now", after the SDK's own retries gave up. */
const overloadErrors = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ServiceUnavailable',
  'InternalServerError',
  'TransactionConflictException',
]);

export function isOverload(error: unknown): boolean {
  return error instanceof Error && overloadErrors.has(error.name);
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export const gone = (code: string, message: string) => new HttpError(410, code, message);
