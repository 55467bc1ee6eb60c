/**
 * Field errors from the organiser API, mapped to the fields a form has. Pure.
 */
import { isRecord } from '../../app/records.ts';
import { fill } from '../../app/text.ts';

// Field errors from the API
// ---------------------------------------------------------------------------------------------

export interface OrgError {
  code?: string;
  message?: string;
  /** Messages by a key the form knows (the API key itself, or its nearest known parent). */
  fields: Record<string, string>;
  /** Messages for keys the form has no place for, so they are still shown. */
  other: string[];
}

/**
 * The key where a server message belongs: the key itself when the form has it, else its nearest
 * parent (`targets.3` → `targets`, `signerFields.x` → `signerFields`), else undefined.
 */
export function resolveFieldKey(key: string, known: readonly string[]): string | undefined {
  const parts = key.split('.');
  while (parts.length > 0) {
    const candidate = parts.join('.');
    if (known.includes(candidate)) return candidate;
    parts.pop();
  }
  return undefined;
}

/** `{ error: { code, message, fields } }` (or anything else) → what a form shows, where. */
export function mapOrgError(body: unknown, known: readonly string[]): OrgError {
  const out: OrgError = { fields: {}, other: [] };
  if (!isRecord(body) || !isRecord(body.error)) return out;
  const err = body.error;
  if (typeof err.code === 'string' && err.code !== '') out.code = err.code;
  if (typeof err.message === 'string' && err.message.trim() !== '') out.message = err.message;
  if (isRecord(err.fields)) {
    for (const [key, value] of Object.entries(err.fields)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      const at = resolveFieldKey(key, known);
      if (at === undefined) out.other.push(value);
      else if (out.fields[at] === undefined) out.fields[at] = value;
      else if (!out.fields[at].includes(value)) out.fields[at] = `${out.fields[at]} ${value}`;
    }
  }
  return out;
}

/** The first key of `order` that has an error. */
export function firstErrorKey(errors: Record<string, string>, order: readonly string[]): string | undefined {
  return order.find((k) => errors[k] !== undefined) ?? Object.keys(errors)[0];
}

// ---------------------------------------------------------------------------------------------

// The page's own checks
// ---------------------------------------------------------------------------------------------

/**
 * A rules module's problems by field (`required`, `tooLong`, `date`, …: see status-rules.ts,
 * translation-rules.ts, member-rules.ts) as the messages shown on those fields; a `{max}` in a
 * message is the field's limit from `max`. A problem without a message is shown as its code.
 */
export function problemMessages(
  problems: Partial<Record<string, string>>,
  messages: Readonly<Record<string, string>>,
  max: Partial<Record<string, number>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, problem] of Object.entries(problems)) {
    if (problem === undefined) continue;
    const limit = max[key];
    out[key] = fill(messages[problem] ?? problem, limit === undefined ? {} : { max: limit });
  }
  return out;
}
