/**
 * The HTTP plumbing every route shares: middy with a JSON body parser and the one place where errors
 * become responses. Handlers return plain values through `json()` and throw `HttpError`s.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { HttpError, badRequest, isOverload, unavailable } from './errors.ts';
import { logger } from './logger.ts';

export type HttpEvent = APIGatewayProxyEventV2 & { parsedBody?: unknown };
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Bodies larger than this are refused before parsing; no form of ours comes close. */
const MAX_BODY_BYTES = 64 * 1024;

const baseHeaders = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { ...baseHeaders, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

function errorBody(error: HttpError) {
  return { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
}

/** Parses a JSON body into `event.parsedBody`; a body that is not JSON is the client's error, not ours. */
function jsonBodyParser(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before(request) {
      const { event } = request;
      if (event.body === undefined || event.body === null || event.body === '') return;
      const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the data as JSON (Content-Type: application/json).');
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > MAX_BODY_BYTES) {
        throw new HttpError(413, 'too_large', 'The request is too large.');
      }
      try {
        // fatal: invalid UTF-8 is refused rather than silently turned into U+FFFD.
        event.parsedBody = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        throw badRequest('The request body is not valid JSON.', undefined, 'invalid_json');
      }
    },
  };
}

/** Every error leaves here as `{ error: { code, message, fields? } }`; never a stack trace. */
function errorResponses(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError(request) {
      const error = request.error;
      if (error instanceof HttpError) {
        request.response = json(error.statusCode, errorBody(error), error.headers);
        return;
      }
      if (isOverload(error)) {
        logger.warn('overloaded', { errorName: error?.name });
        const busy = unavailable();
        request.response = json(busy.statusCode, errorBody(busy), busy.headers);
        return;
      }
      logger.error('unhandled error', { errorName: error?.name, errorMessage: error?.message });
      request.response = json(500, { error: { code: 'internal', message: 'Something went wrong on our side.' } });
    },
  };
}

type RouteFn = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Wraps a route function with the shared middlewares; every file in functions/http/ exports one of these. */
export function httpHandler(fn: RouteFn) {
  return middy<HttpEvent, HttpResult>().use(errorResponses()).use(jsonBodyParser()).handler(fn);
}

/**
 * Validates input with a zod schema; failures become a 400 that names each field. Unknown fields are
 * named too, so a client learns exactly what to fix.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'This field is not expected.';
      continue;
    }
    const field = issue.path.length ? issue.path.join('.') : '_';
    fields[field] ??= issue.message;
  }
  throw badRequest('Some fields need attention.', fields, 'validation_failed');
}

export function pathParam(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw badRequest(`Missing path parameter ${name}.`);
  return value;
}
