/**
 * Builds API Gateway HTTP API (payload v2) events for unit tests of the HTTP handlers, and reads
 * their results back.
 */
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '#lib/http.ts';

export interface EventOptions {
  method?: string;
  path?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  /** Cookies as API Gateway lists them apart from the headers: `['name=value', …]`. */
  cookies?: string[];
}

export function httpEvent({
  method = 'POST',
  path = '/',
  pathParameters,
  headers = { 'content-type': 'application/json' },
  body,
  isBase64Encoded = false,
  cookies,
}: EventOptions = {}): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    ...(pathParameters ? { pathParameters } : {}),
    ...(cookies ? { cookies } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1_767_225_600_000,
    },
  };
}

/** A JSON POST, the shape every form of ours sends. */
export function jsonPost(path: string, pathParameters: Record<string, string> | undefined, payload: unknown, headers: Record<string, string> = {}): HttpEvent {
  return httpEvent({
    method: 'POST',
    path,
    ...(pathParameters ? { pathParameters } : {}),
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

export const lambdaContext = {} as Context;

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Invokes a handler and parses its JSON body. */
export async function invoke(handler: Handler, event: HttpEvent) {
  const result = await handler(event, lambdaContext);
  const headers = (result.headers ?? {}) as Record<string, string>;
  const body = result.body ?? '';
  return { statusCode: result.statusCode, headers, rawBody: body, json: body ? JSON.parse(body) : undefined };
}
