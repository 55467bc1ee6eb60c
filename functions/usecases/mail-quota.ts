/**
 * How many mails one address may be sent, whoever asks. Every route that mails an address someone
 * typed takes from the recipient's quota first; past it the route answers exactly as before and no
 * mail goes, so a stranger cannot flood anyone's inbox or burn the sending reputation that every
 * signer's confirmation depends on.
 *
 * The bookkeeping is keyed: HMAC(HASH_KEY, kind, scope, canonical address), so a dump of the signals
 * table shows how many mails went to *someone*, never to whom, and the items expire with their period.
 */
import { createHmac } from 'node:crypto';
import { takeMailQuota } from '#store/signals.ts';
import { canonicalEmail } from '#rules/identity.ts';

export const MAIL_QUOTAS = {
  /** Confirmation or "already signed" mails: per address and campaign, per UTC day. */
  sign: { limit: 3, period: 'day' },
  /** Sign-in links (or "not a member" notes): per address, per UTC hour. */
  'sign-in': { limit: 5, period: 'hour' },
  /** Invitations to an organisation: per address and organisation, per UTC day. */
  invitation: { limit: 3, period: 'day' },
} as const satisfies Record<string, { limit: number; period: 'day' | 'hour' }>;

export type MailKind = keyof typeof MAIL_QUOTAS;

/** The UTC period `now` falls in (`2026-12-06` or `2026-12-06T13`) and when its item may go. */
function periodOf(period: 'day' | 'hour', now: Date): { label: string; expiresAt: number } {
  const iso = now.toISOString();
  const label = period === 'day' ? iso.slice(0, 10) : iso.slice(0, 13);
  const start = Date.parse(period === 'day' ? `${label}T00:00:00Z` : `${label}:00:00Z`);
  const length = period === 'day' ? 86_400_000 : 3_600_000;
  // An hour's grace: TTL deletes late, never early, and the condition does not read the time.
  return { label, expiresAt: Math.floor((start + length) / 1000) + 3600 };
}

/** The quota item's key for a recipient: nothing in it names the address, the domain or the scope. */
export function mailQuotaKey(secret: string, kind: MailKind, scope: string, address: string, now: Date): string {
  // The period is inside the HMAC too, so one address's items of two days cannot be linked.
  const { label } = periodOf(MAIL_QUOTAS[kind].period, now);
  return createHmac('sha256', secret).update(`quota\n${kind}\n${scope}\n${label}\n${canonicalEmail(address)}`, 'utf8').digest('hex');
}

/**
 * True if one more mail of this kind may go to `address` now (and counts it). `scope` narrows the
 * quota: the campaign's slug for signatures, the organisation's id for invitations, '' for sign-in.
 */
export async function mayMail(secret: string, kind: MailKind, scope: string, address: string, now = new Date()): Promise<boolean> {
  const { limit, period } = MAIL_QUOTAS[kind];
  return takeMailQuota(mailQuotaKey(secret, kind, scope, address, now), limit, periodOf(period, now).expiresAt);
}
