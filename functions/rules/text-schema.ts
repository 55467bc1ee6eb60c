/**
 * The one rule for every string a route stores (zod): names, titles, texts, targets, translations,
 * delivery notes, co-signers, tokens' names, comments, organisation names. Apart from the pure modules
 * so that only routes that validate input bundle zod.
 *
 * A stored string must be text a reader sees as it was typed, on a delivered letter, a dashboard, a
 * CSV opened in a spreadsheet or a PDF handed to an authority:
 *   - well-formed Unicode: no unpaired surrogate (JSON's "\ud800" escape reaches us as one; it cannot
 *     be encoded as UTF-8, so it would break the CSV, the PDF and every mail that quotes it);
 *   - no control characters (U+0000–001F, U+007F–009F); multi-line fields (texts, comments, notes)
 *     may have line feeds, carriage returns and tabs; a carriage return is stored as a line feed;
 *   - no noncharacters (U+FDD0–FDEF and the last two code points of every plane, U+xFFFE/U+xFFFF),
 *     which Unicode reserves for a program's internal use, never for interchange;
 *   - no bidi embeddings, overrides or isolates (U+202A–202E, U+2066–2069): they make a name or a
 *     sentence display in an order other than the one stored ("‮evil" reads "live"), so what a
 *     reader sees is not what a signer, an organiser or the authority agreed to.
 * The left-to-right and right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C) stay
 * allowed: they are how Unicode's bidi algorithm (UAX #9) asks mixed-direction text to be written, e.g.
 * a co-signer's Arabic or Hebrew name followed by Latin punctuation or a number. A mark only sets the
 * direction of the neutral characters beside it; it cannot turn letters round as an override does,
 * and nothing is carried past the end of the text. (None of our ten languages is written right to
 * left, but names of people and organisations may be.) A signer's name, which has its own alphabet
 * (letters, marks, spaces, hyphens, apostrophes, full stops), refuses them there.
 * Emoji, CJK and every other astral character pass, as do ZWJ/ZWNJ and variation selectors: they are
 * parts of words and of emoji sequences.
 *
 * What passes is normalised to NFC (a name typed with a decomposed accent is stored, compared and
 * counted as the precomposed one) and trimmed; `collapse` also turns every run of white space into one
 * space, for names that are compared and listed.
 *
 * For the OpenAPI document (branch `contract` documents request constraints as the server enforces
 * them): the schema stays a plain string schema (zod/mini, so route bundles do not carry classic zod).
 * The rule is one refinement on the raw input (documented
 * as a string, with the message key `text.characters`), NFC, trim and `collapse` are zod *overwrites*
 * (`z.normalize`, `z.trim`, `z.overwrite`), which keep the type, and `min`/`max` are ordinary string
 * checks on the normalised value: `minLength`/`maxLength` in the document are exactly what is
 * enforced, counted after trimming. No transform or pipe, so the input and output sides are the same.
 */
import * as z from 'zod/mini';
import type { ValidationKey } from '../i18n/en.ts';

/** Why a string cannot be stored, or undefined if it can: the first offending character, by class. */
export type TextProblem = 'surrogate' | 'control' | 'noncharacter' | 'bidi';

export function textProblem(value: string, multiline = false): TextProblem | undefined {
  // for…of walks code points: a pair is one, an unpaired surrogate comes out on its own.
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return 'surrogate';
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      if (multiline && (cp === 0x0a || cp === 0x0d || cp === 0x09)) continue;
      return 'control';
    }
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'noncharacter';
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  }
  return undefined;
}

/** True when `value` meets the rule above (before normalisation, which cannot break it). */
export function isStorableText(value: string, multiline = false): boolean {
  return textProblem(value, multiline) === undefined;
}

export interface TextOptions {
  /** At most this many characters, after normalising and trimming. */
  max: number;
  /** At least this many; default 1 (a blank value is missing). 0 for fields that may be left empty. */
  min?: number;
  /** Texts, comments and notes: line feeds and tabs allowed (CRLF and CR stored as LF). */
  multiline?: boolean;
  /** Names: every run of white space becomes one space. */
  collapse?: boolean;
  /** The message when the value is missing, not a string or blank; default 'field.required'. */
  required?: ValidationKey;
}

/**
 * The schema of a stored string: `text({ max: 200 })`, `text({ max: 20_000, multiline: true })`.
 * Messages are keys of the server catalog's `validation` section; {count} is the limit.
 */
export function text({ max, min = 1, multiline = false, collapse = false, required = 'field.required' }: TextOptions) {
  // Checks in the order classic zod's methods appended them: the document and the issues are the same.
  const checks: z.core.$ZodCheck<string>[] = [
    z.refine((s: string) => isStorableText(s, multiline), { error: 'text.characters', abort: true }),
    z.normalize('NFC'),
    z.trim(),
  ];
  if (multiline) checks.push(z.overwrite((s: string) => s.replace(/\r\n?/g, '\n')));
  if (collapse) checks.push(z.overwrite((s: string) => s.replace(/\s+/gu, ' ')));
  return z.string(required).check(...checks, z.minLength(min, required), z.maxLength(max, 'field.maxLength'));
}
