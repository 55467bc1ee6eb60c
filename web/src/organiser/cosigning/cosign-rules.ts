/**
 * Co-signing: the invitation link an organiser hands out, and the public co-sign form's checks,
 * payload, letter and answers. Pure.
 */
import { isRecord } from '../../app/records.ts';
import { fill } from '../../app/text.ts';
import { isCountryCode } from '../../../../functions/rules/countries.ts';
import { COSIGN_LIMITS, isWebAddress, storedLength } from '../../../../functions/rules/limits.ts';
import type { Answer } from '../../app/contract.ts';
import { safeWebsite } from '../../campaign/campaign-data.ts';

/**
 * POST …/cosign-invites: the link to hand out, typed by the document the server is held to
 * (test/support/contract.ts); only an http(s) link is shown as one (safeWebsite).
 */
export function readInvite(body: unknown): Answer<'create-cosign-invite', 201> | null {
  if (!isRecord(body)) return null;
  const url = safeWebsite(body.url);
  return url ? { ...(body as Answer<'create-cosign-invite', 201>), url } : null;
}

// The public co-sign form
// ---------------------------------------------------------------------------------------------

export interface CosignInput {
  name: string;
  country: string;
  website: string;
}

export interface CosignMessages {
  required: string;
  tooLong: string;
  country: string;
  website: string;
}

export const COSIGN_FIELDS = ['name', 'country', 'website'] as const;

export function validateCosign(input: CosignInput, messages: CosignMessages): Record<string, string> {
  const e: Record<string, string> = {};
  const name = input.name.trim();
  if (name === '') e.name = messages.required;
  else if (storedLength(name, { collapse: true }) > COSIGN_LIMITS.name) e.name = fill(messages.tooLong, { max: COSIGN_LIMITS.name });
  if (input.country === '') e.country = messages.required;
  else if (!isCountryCode(input.country)) e.country = messages.country;
  // The server's rule for a website (functions/rules/limits.ts), on what the page will send.
  const website = normaliseWebsite(input.website);
  if (website !== '' && (storedLength(website) > COSIGN_LIMITS.website || !isWebAddress(website))) e.website = messages.website;
  return e;
}

/** People type "example.org": make it a URL. */
export function normaliseWebsite(website: string): string {
  const w = website.trim();
  if (w === '' || /^[a-z][a-z0-9+.-]*:/i.test(w)) return w;
  return `https://${w}`;
}

export function buildCosignPayload(input: CosignInput, token: string): { token: string; name: string; country: string; website?: string } {
  const payload: { token: string; name: string; country: string; website?: string } = { token, name: input.name.trim(), country: input.country };
  const website = normaliseWebsite(input.website);
  if (website !== '') payload.website = website;
  return payload;
}

/** What an invitation asks an organisation to sign (POST /api/campaigns/{slug}/cosigners/preview). */
export type CosignLetter = Answer<'preview-cosign'>;

/** The letter, typed by the document; null when the answer is not one at all. */
export function readCosignLetter(body: unknown): CosignLetter | null {
  return isRecord(body) && typeof body.title === 'string' && typeof body.text === 'string' ? (body as CosignLetter) : null;
}

/**
 * Opening an invitation link: show the letter, or say at once that the link does not work (used,
 * expired, unknown, or cut short in the mail: 400) or that the campaign takes no more co-signers.
 */
export type CosignOpening = 'letter' | 'expired' | 'closed' | 'busy' | 'error';

export function classifyCosignOpening(status: number): CosignOpening {
  if (status >= 200 && status < 300) return 'letter';
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 409) return 'closed';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

export type CosignOutcome = 'done' | 'invalid' | 'expired' | 'closed' | 'busy' | 'error';

export function classifyCosignStatus(status: number): CosignOutcome {
  if (status >= 200 && status < 300) return 'done';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 409) return 'closed';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}
