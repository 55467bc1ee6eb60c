/**
 * The sign form's rules: fields, limits, client-side checks, the payload, and what the API's answers
 * mean for the form. Pure: the DOM module (sign-form.ts) only glues these to elements.
 */
import { isRecord } from '../app/records.ts';
import { fill } from '../app/text.ts';
import { isCountryCode } from '../../../functions/rules/countries.ts';
import { DEFAULT_SIGNER_FIELDS, EMAIL, SIGN_LIMITS, storedLength, type SignerFields } from '../../../functions/rules/limits.ts';

export const SIGN_FIELDS = ['name', 'email', 'country', 'comment'] as const;
export type SignField = (typeof SIGN_FIELDS)[number];
export type FieldErrors = Partial<Record<SignField, string>>;

/** The server's limits (functions/rules/limits.ts), for the checks and the fields' `maxlength`. */
export const LIMITS = SIGN_LIMITS;

export interface SignInput {
  name: string;
  email: string;
  country: string;
  comment: string;
  /** The "show my name on the public list" box; undefined when the campaign has no public list. */
  showName?: boolean;
  /** The honeypot: people never see it, so it stays empty unless a program fills in every field. */
  website?: string;
}

export interface SignPayload {
  name: string;
  email: string;
  /** Absent when the campaign does not ask for it, or asks but it was left empty. */
  country?: string;
  comment?: string;
  showName?: boolean;
  website?: string;
  /** The text version the page showed: the server refuses the signature if the text changed since. */
  textVersion?: number;
  /** The proof-of-work widget's payload. */
  altcha: string;
}

/** The messages the client-side check can produce; the UI passes its (translatable) strings in. */
export interface ValidationMessages {
  required: string;
  tooLong: string;
  email: string;
  country: string;
}

function isSignField(key: string): key is SignField {
  return (SIGN_FIELDS as readonly string[]).includes(key);
}

/**
 * Client-side checks: required fields, maximum lengths counted as the server counts them, the
 * server's email pattern and country codes (test/unit/page-server-contract.test.ts holds them to the
 * server's schema). The server stays the authority: a name's alphabet and the characters a text may
 * hold are its checks alone, answered on the field.
 */
export function validateSignInput(
  input: SignInput,
  messages: ValidationMessages,
  formatNumber: (n: number) => string = String,
  signerFields: SignerFields = DEFAULT_SIGNER_FIELDS,
): FieldErrors {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  const email = input.email.trim();
  const country = input.country.trim();
  const comment = input.comment.trim();

  if (name === '') errors.name = messages.required;
  else if (storedLength(name, { collapse: true }) > LIMITS.name) errors.name = fill(messages.tooLong, { max: formatNumber(LIMITS.name) });

  if (email === '') errors.email = messages.required;
  else if (storedLength(email) > LIMITS.email) errors.email = fill(messages.tooLong, { max: formatNumber(LIMITS.email) });
  else if (!EMAIL.test(email)) errors.email = messages.email;

  if (signerFields.country !== 'off') {
    if (country === '') {
      if (signerFields.country === 'required') errors.country = messages.required;
    } else if (!isCountryCode(country)) errors.country = messages.country;
  }

  if (signerFields.comment !== 'off' && storedLength(comment, { multiline: true }) > LIMITS.comment) {
    errors.comment = fill(messages.tooLong, { max: formatNumber(LIMITS.comment) });
  }
  return errors;
}

/**
 * The JSON body for POST …/signatures: trimmed, with `comment` omitted when empty, `showName` only
 * when the campaign offers the list, and the honeypot only when something filled it (the server
 * quietly discards such a signature, so a bot learns nothing).
 */
export function buildSignPayload(input: SignInput, altcha: string, textVersion?: number): SignPayload {
  const payload: SignPayload = { name: input.name.trim(), email: input.email.trim(), altcha };
  if (textVersion !== undefined) payload.textVersion = textVersion;
  const country = input.country.trim();
  if (country !== '') payload.country = country;
  // Line breaks as LF, as the server stores them: the length it checks is then the length sent.
  const comment = input.comment.replace(/\r\n?/g, '\n').trim();
  if (comment !== '') payload.comment = comment;
  if (input.showName !== undefined) payload.showName = input.showName;
  if (input.website) payload.website = input.website;
  return payload;
}

/** Fields in form order, for focusing the first invalid one. */
export function firstInvalidField(errors: FieldErrors): SignField | undefined {
  return SIGN_FIELDS.find((f) => errors[f] !== undefined);
}

export interface MappedError {
  code?: string;
  /** The server's overall message, if any. */
  message?: string;
  /** Messages for the form's own fields. */
  fields: FieldErrors;
  /** The message for the anti-bot check, shown next to the widget. */
  altcha?: string;
  /** Messages for keys the form has no field for, so they can still be shown. */
  otherFields: string[];
}

/** Maps an API error body `{ error: { code, message, fields } }` (or anything else) to what the form shows. */
export function mapErrorBody(body: unknown): MappedError {
  const result: MappedError = { fields: {}, otherFields: [] };
  if (!isRecord(body) || !isRecord(body.error)) return result;
  const err = body.error;
  if (typeof err.code === 'string' && err.code !== '') result.code = err.code;
  if (typeof err.message === 'string' && err.message.trim() !== '') result.message = err.message;
  if (isRecord(err.fields)) {
    for (const [key, value] of Object.entries(err.fields)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (isSignField(key)) result.fields[key] = value;
      else if (key === 'altcha') result.altcha = value;
      else result.otherFields.push(value);
    }
  }
  return result;
}

export type SignOutcome = 'received' | 'invalid' | 'closed' | 'notFound' | 'busy' | 'error';

/**
 * The sentence to show for a failed sign request that is not about one field. A 503 carries the
 * server's own explanation (mail could not be sent, or the service is busy; in both cases nothing was
 * saved), which says more than a generic line; otherwise the form's own message for the outcome.
 */
export function signFailureMessage(
  outcome: Exclude<SignOutcome, 'received' | 'invalid'>,
  mapped: MappedError,
  messages: Record<Exclude<SignOutcome, 'received' | 'invalid'>, string>,
): string {
  if (outcome === 'busy' && mapped.message) return mapped.message;
  return messages[outcome];
}

/** What an HTTP status of the sign endpoint means for the form. */
export function classifySignStatus(status: number): SignOutcome {
  if (status >= 200 && status < 300) return 'received';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 409 || status === 410) return 'closed';
  if (status === 404) return 'notFound';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}
