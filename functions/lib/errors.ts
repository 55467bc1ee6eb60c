/**
 * Errors that carry their HTTP meaning. Domain and store code throw these; the one error middleware
 * in ./http.ts turns them into `{ error: { code, message, fields? } }` responses.
 *
 * Messages are keys of the server catalog (functions/i18n/en.ts): `errors` for the message, and
 * `validation` for the fields. The middleware renders them in the request's language, so domain code
 * never needs to know who is asking; `message` and `fields` hold the English text (for logs and
 * for code that looks at an error before it is answered).
 */
import en, { type ErrorKey, type ServerStrings, type ValidationKey } from '../i18n/en.ts';
import { format, stringsFor, type Language, type Params } from './language.ts';

/** A field's message: a validation key, with its placeholders' values if it has any. */
export type FieldMessage = ValidationKey | { key: ValidationKey; params?: Params };
/** Placeholder values of an error message; a `{ key }` value is itself an error-catalog word (a status). */
export type ErrorParams = Record<string, string | number | { key: ErrorKey }>;

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export class HttpError extends Error {
  readonly fieldMessages?: Record<string, FieldMessage>;
  /** The language of `message` and `fields`: English unless set with inLanguage(). */
  lang: Language = 'en';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly key: ErrorKey,
    fields?: Record<string, FieldMessage>,
    readonly headers?: Record<string, string>,
    readonly params: ErrorParams = {},
  ) {
    super(renderMessage('en', en, key, params));
    this.name = 'HttpError';
    if (fields) this.fieldMessages = fields;
  }

  /** The fields' messages, in `lang`. */
  get fields(): Record<string, string> | undefined {
    return this.fieldMessages && renderFields(this.lang, stringsFor(this.lang).validation, this.fieldMessages);
  }

  /** Renders `message` and `fields` in a language whose catalog is loaded (the response does anyway). */
  inLanguage(lang: Language): this {
    this.lang = lang;
    this.message = renderMessage(lang, stringsFor(lang), this.key, this.params);
    return this;
  }

  /** The response body in a language, given its catalog. */
  body(lang: Language, strings: ServerStrings): ErrorBody {
    const message = renderMessage(lang, strings, this.key, this.params);
    const fields = this.fieldMessages && renderFields(lang, strings.validation, this.fieldMessages);
    return { error: { code: this.code, message, ...(fields ? { fields } : {}) } };
  }
}

function renderMessage(lang: Language, strings: ServerStrings, key: ErrorKey, params: ErrorParams): string {
  const values: Params = {};
  for (const [name, value] of Object.entries(params)) {
    values[name] = typeof value === 'object' ? format(lang, strings.errors[value.key]) : value;
  }
  return format(lang, strings.errors[key], values);
}

export function renderFields(lang: Language, validation: ServerStrings['validation'], fields: Record<string, FieldMessage>) {
  // No prototype, so a field named `__proto__` stays a field (JSON.stringify writes it like any other).
  const out: Record<string, string> = Object.create(null);
  for (const [field, message] of Object.entries(fields)) {
    const { key, params } = typeof message === 'string' ? { key: message, params: undefined } : message;
    out[field] = format(lang, validation[key], params);
  }
  return out;
}

export const badRequest = (key: ErrorKey, fields?: Record<string, FieldMessage>, code = 'invalid_request', params?: ErrorParams) =>
  new HttpError(400, code, key, fields, undefined, params);
/** The usual 400: some fields are wrong, each with its message. */
export const invalidFields = (fields: Record<string, FieldMessage>) => badRequest('validationFailed', fields, 'validation_failed');
export const unauthorized = () =>
  new HttpError(401, 'unauthorized', 'unauthorized', undefined, {
    'www-authenticate': 'Bearer',
  });
const notFoundKeys = {
  Campaign: 'notFound.campaign',
  Export: 'notFound.export',
  Organisation: 'notFound.organisation',
  Member: 'notFound.member',
  Token: 'notFound.token',
  'Public signer list': 'notFound.publicSigners',
} as const satisfies Record<string, ErrorKey>;
export const notFound = (what: keyof typeof notFoundKeys = 'Campaign') => new HttpError(404, 'not_found', notFoundKeys[what]);
export const conflict = (code: string, key: ErrorKey, params?: ErrorParams) => new HttpError(409, code, key, undefined, undefined, params);
export const unavailable = (retryAfterSeconds = 2) =>
  new HttpError(503, 'unavailable', 'unavailable', undefined, {
    'retry-after': String(retryAfterSeconds),
  });

/**
 * AWS error names that mean "too much load right now" or "not reachable right now", after the SDK's
 * own retries gave up: DynamoDB's, SES's (TooManyRequestsException), S3's (SlowDown, InternalError),
 * KMS's, and the SDK's own request timeout.
 */
const overloadErrors = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalError',
  'TransactionConflictException',
  'TooManyRequestsException',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'KMSInternalException',
  'DependencyTimeoutException',
]);
/** Node's codes for a connection that failed (reset, refused, timed out, no route, no DNS answer). */
const networkErrors = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** A failure of a dependency that is worth trying again later: the answer is 503 with Retry-After. */
export function isOverload(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, $fault } = error as { code?: unknown; $fault?: unknown };
  // `$fault: 'server'`: any 5xx an AWS service answered, whatever its name.
  return overloadErrors.has(error.name) || $fault === 'server' || (typeof code === 'string' && networkErrors.has(code));
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export const gone = (code: string, key: ErrorKey) => new HttpError(410, code, key);
