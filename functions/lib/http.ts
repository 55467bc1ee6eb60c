/**
 * The HTTP plumbing every route shares: middy with a JSON body parser and the one place where errors
 * become responses. Handlers return plain values through `json()` and throw `HttpError`s.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { HttpError, badRequest, isOverload, notFound, unavailable, type FieldMessage } from './errors.ts';
import type { ValidationKey } from '../i18n/en.ts';
import { DEFAULT_LANGUAGE, loadStrings, requestLanguage, stringsFor, type Language } from './language.ts';
import { logger } from './logger.ts';
import { countEvent } from './metrics.ts';

/** `lang` is the request's language (Accept-Language), set before the handler runs. */
export type HttpEvent = APIGatewayProxyEventV2 & { parsedBody?: unknown; lang?: Language };
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Bodies larger than this are refused before parsing; no form of ours comes close. */
const MAX_BODY_BYTES = 64 * 1024;

const baseHeaders = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' };

/**
 * A JSON answer. Handlers name the body's type, the output of the schema the OpenAPI document
 * describes the answer with (`json<Answer<'get-count'>>(200, …)`, #openapi/operations.ts), so the
 * document and the code cannot drift.
 */
export function json<T = unknown>(statusCode: number, body: T, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { ...baseHeaders, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The request's language, with its catalog loaded, before anything can fail: errors, validation
 * messages and mails below then have their words at hand synchronously (stringsFor).
 */
function language(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    async before(request) {
      request.event.lang = requestLanguage(request.event);
      await loadStrings(request.event.lang);
    },
  };
}

/** Parses a JSON body into `event.parsedBody`; a body that is not JSON is the client's error, not ours. */
function jsonBodyParser(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before(request) {
      const { event } = request;
      if (event.body === undefined || event.body === null || event.body === '') return;
      const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
        throw new HttpError(415, 'unsupported_media_type', 'unsupportedMediaType');
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > MAX_BODY_BYTES) {
        throw new HttpError(413, 'too_large', 'tooLarge');
      }
      try {
        // fatal: invalid UTF-8 is refused rather than silently turned into U+FFFD.
        event.parsedBody = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        throw badRequest('invalidJson', undefined, 'invalid_json');
      }
    },
  };
}

/**
 * Every error leaves here as `{ error: { code, message, fields? } }` in the request's language;
 * never a stack trace.
 */
function errorResponses(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    async onError(request) {
      const error = request.error;
      const lang = request.event.lang ?? requestLanguage(request.event);
      const strings = await loadStrings(lang);
      const respond = (e: HttpError) => {
        request.response = json(e.statusCode, e.body(lang, strings), e.headers);
      };
      if (error instanceof HttpError) return respond(error);
      if (isOverload(error)) {
        // After the SDK's retries: worth an alarm on the metric. Logged with what tells a throttled
        // table from a wrong endpoint or a dead network (ENOTFOUND, ECONNREFUSED), which would
        // otherwise only ever look like "busy" to the caller. Names and codes only, nothing personal.
        const { code, $fault, $metadata } = error as Error & { code?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
        countEvent('Overloaded');
        logger.error('overloaded after retries', { errorName: error?.name, errorCode: code, fault: $fault, httpStatus: $metadata?.httpStatusCode });
        return respond(unavailable());
      }
      logger.error('unhandled error', { errorName: error?.name, errorMessage: error?.message });
      respond(new HttpError(500, 'internal', 'internal'));
    },
  };
}

type RouteFn = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Wraps a route function with the shared middlewares; every file in functions/http/ exports one of these. */
export function httpHandler(fn: RouteFn) {
  return middy<HttpEvent, HttpResult>().use(language()).use(errorResponses()).use(jsonBodyParser()).handler(fn);
}

/** Messages for zod's own issues, where a schema gave none of ours. */
function fallbackMessage(issue: z.core.$ZodIssue, input: unknown): FieldMessage {
  if (issue.code === 'too_big' && issue.origin === 'string') return { key: 'field.maxLength', params: { count: Number(issue.maximum) } };
  if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int')) return { key: 'field.maxNumber', params: { max: Number(issue.maximum) } };
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1) return 'field.required';
  if (issue.code === 'invalid_type' && input === undefined) return 'field.required';
  return 'field.invalid';
}

/**
 * Validates input with a zod schema; failures become a 400 that names each field. Unknown fields are
 * named too, so a client learns exactly what to fix.
 *
 * Schemas give message *keys* of the catalog's `validation` section ('name.required'); the limits of
 * the issue fill their placeholders ({count} of 'field.maxLength' is the schema's maximum). The error
 * middleware renders the keys in the request's language; `lang` is that of the thrown error's
 * `message` and `fields` (for callers outside httpHandler).
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, lang: Language = DEFAULT_LANGUAGE): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const strings = stringsFor(lang).validation;
  // No prototype: a field the client named `__proto__` must be named back, not set the prototype.
  const fields: Record<string, FieldMessage> = Object.create(null);
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // By its path, like every other field: `source.extra`, not a top-level `extra`.
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'field.unexpected';
      continue;
    }
    const field = issue.path.length ? issue.path.join('.') : '_';
    if (fields[field]) continue;
    const key = issue.message as ValidationKey;
    if (!Object.hasOwn(strings, key)) {
      fields[field] = fallbackMessage(issue, issue.input);
      continue;
    }
    const limit = issue.code === 'too_big' ? issue.maximum : issue.code === 'too_small' ? issue.minimum : undefined;
    fields[field] = limit === undefined ? key : { key, params: { count: Number(limit) } };
  }
  throw new HttpError(400, 'validation_failed', 'validationFailed', fields).inLanguage(lang);
}

/**
 * Longer than any key of ours (slugs have at most 80 characters, ids 64). DynamoDB refuses a key over
 * 2 KB with an error that would be a 500, so such a value is answered as not found before any read.
 */
const MAX_KEY_PARAMETER = 200;
const missingWhenTooLong: Record<string, Parameters<typeof notFound>[0]> = { slug: 'Campaign', memberId: 'Member', tokenId: 'Token', jobId: 'Export' };

export function pathParam(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw badRequest('missingPathParameter', undefined, undefined, { name });
  if (value.length > MAX_KEY_PARAMETER && Object.hasOwn(missingWhenTooLong, name)) throw notFound(missingWhenTooLong[name]);
  return value;
}
