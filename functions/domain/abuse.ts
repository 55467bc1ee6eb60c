/**
 * Keeping bots off a petition without shutting out people on VPNs, Tor or a shared office network:
 * a proof-of-work challenge (ALTCHA) that any real browser solves in about a second, a honeypot
 * field, and velocity *signals* (logs and metrics, never blocks) per email domain and per network
 * source. Nothing here stores an address or a domain in clear.
 */
import { createHmac } from 'node:crypto';
import { badRequest } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { bumpVelocity, claimChallenge, claimVelocityAlert, dailySalt, VELOCITY_SPREAD } from '#store/signals.ts';
import { verifySignChallenge } from './challenge.ts';
import { emailDomain } from './identity.ts';


/** A verified proof of work, not yet spent. */
export interface SolvedChallenge {
  id: string;
  expiresAt: number;
}

/** Verifies the proof of work without I/O: a failure is a field-level 400 before any read or write. */
export async function verifiedChallenge(payload: string, secret: string, now: Date): Promise<SolvedChallenge> {
  const result = await verifySignChallenge(payload, secret, now);
  if (!result.ok) {
    countEvent('ChallengeFailed');
    throw badRequest('validationFailed', { altcha: 'altcha.failed' }, 'validation_failed');
  }
  return { id: result.id, expiresAt: result.expiresAt };
}

/** Spends a verified proof of work: used once already is a field-level 400. */
export async function spendChallenge(result: SolvedChallenge): Promise<void> {
  if (!(await claimChallenge(result.id, result.expiresAt))) {
    countEvent('ChallengeReplayed');
    throw badRequest('validationFailed', { altcha: 'altcha.used' }, 'validation_failed');
  }
}

/** The hidden field only a bot fills. The caller answers as if all went well and stores nothing. */
export function isHoneypotFilled(website: string | undefined): boolean {
  if (!website?.trim()) return false;
  countEvent('HoneypotTripped');
  return true;
}

/** Per campaign and hour, this many signatures from one domain or source raise a signal. */
const ALERT_PER_HOUR = alertThreshold(process.env.VELOCITY_ALERT_PER_HOUR);

/** Read once at start; a setting that is not a positive number would silently never alert, so it fails. */
function alertThreshold(value: string | undefined): number {
  if (value === undefined || value === '') return 300;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`VELOCITY_ALERT_PER_HOUR must be a positive whole number, not "${value}".`);
  return n;
}

function tag(salt: string, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, 24);
}

/**
 * Counts this signature towards its email domain's and its network source's hourly velocity, and
 * raises a signal once a count passes the threshold. Best effort: a failure here never costs a
 * signature. The domain is named in the alert only, when hundreds signed from it within the hour,
 * which by then describes a mail provider or a bot farm rather than a person.
 */
export async function recordVelocity(slug: string, email: string, sourceIp: string | undefined, now: Date): Promise<void> {
  try {
    const salt = await dailySalt(now);
    const domain = emailDomain(email);
    // Each of a key's VELOCITY_SPREAD items counts about its share of the hour's signatures; the first
    // to reach its share of the threshold raises the signal, once per key and hour (claimVelocityAlert).
    // The busiest item leads the others, so the signal comes at about the threshold, often a little before.
    const alertAt = Math.ceil(ALERT_PER_HOUR / VELOCITY_SPREAD);
    const domainKey = `${slug}#domain#${tag(salt, domain)}`;
    const sourceKey = sourceIp ? `${slug}#source#${tag(salt, sourceIp)}` : undefined;
    const [byDomain, bySource] = await Promise.all([
      bumpVelocity(domainKey, now),
      sourceKey ? bumpVelocity(sourceKey, now) : Promise.resolve(0),
    ]);
    if (byDomain === alertAt && (await claimVelocityAlert(domainKey, now))) {
      countEvent('DomainVelocityHigh');
      logger.warn('signature velocity high', { slug, signal: 'email-domain', domain, perHourAbout: ALERT_PER_HOUR });
    }
    if (sourceKey && bySource === alertAt && (await claimVelocityAlert(sourceKey, now))) {
      countEvent('SourceVelocityHigh');
      logger.warn('signature velocity high', { slug, signal: 'network-source', perHourAbout: ALERT_PER_HOUR });
    }
  } catch (error) {
    countEvent('SignalUnavailable');
    logger.warn('velocity signal not recorded', { slug, errorName: (error as Error)?.name });
  }
}
