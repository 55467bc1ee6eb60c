/**
 * Velocity *signals*: a warning log and a metric when one email domain or one network source passes
 * an hourly threshold on a campaign. They never block anyone (people share offices, VPNs and Tor
 * exits), and they name no address: counters are keyed by HMAC under the hour's sealed salt
 * (#store/salts.ts), with the campaign inside the hash.
 */
import { createHmac } from 'node:crypto';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { hourlySalt } from '#store/salts.ts';
import { bumpVelocity, claimVelocityAlert, VELOCITY_SPREAD } from '#store/signals.ts';
import { emailDomain } from '#rules/identity.ts';

/** Per campaign and hour, this many signatures from one domain or source raise a signal. */
const ALERT_PER_HOUR = alertThreshold(process.env.VELOCITY_ALERT_PER_HOUR);

/** Read once at start; a setting that is not a positive number would silently never alert, so it fails. */
function alertThreshold(value: string | undefined): number {
  if (value === undefined || value === '') return 300;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`VELOCITY_ALERT_PER_HOUR must be a positive whole number, not "${value}".`);
  return n;
}

/** The campaign is inside the hash, so one domain's or network's signals on two campaigns cannot be linked. */
function tag(salt: string, slug: string, value: string): string {
  return createHmac('sha256', salt).update(`${slug}\n${value}`, 'utf8').digest('hex').slice(0, 24);
}

/** One submission seen by the mailer: where it came from, for the velocity signals. */
export interface Sighting {
  slug: string;
  email: string;
  sourceIp?: string;
  /** When it was made: the hour it counts in. */
  at: Date;
}

/**
 * Counts a batch of submissions towards their email domains' and network sources' hourly velocity,
 * and raises a signal once a count passes the threshold. Runs off the request path, from the stream
 * (#usecases/submissions.ts), with one counter write per key and hour in the batch however many
 * submissions share it. Best effort: a failure here never costs a signature or its mail. The domain is
 * named in the alert only, when hundreds signed from it within the hour, which by then describes a
 * mail provider or a bot farm rather than a person.
 */
export async function recordVelocity(sightings: readonly Sighting[]): Promise<void> {
  const tallies = new Map<string, { slug: string; signal: 'email-domain' | 'network-source'; domain?: string; at: Date; n: number }>();
  try {
    for (const { slug, email, sourceIp, at } of sightings) {
      const salt = await hourlySalt(at);
      const hour = at.toISOString().slice(0, 13);
      const domain = emailDomain(email);
      const count = (key: string, entry: { signal: 'email-domain' | 'network-source'; domain?: string }) => {
        const tally = tallies.get(`${key}|${hour}`) ?? { slug, at, n: 0, ...entry };
        tally.n += 1;
        tallies.set(`${key}|${hour}`, tally);
      };
      count(`${slug}#domain#${tag(salt, slug, domain)}`, { signal: 'email-domain', domain });
      if (sourceIp) count(`${slug}#source#${tag(salt, slug, sourceIp)}`, { signal: 'network-source' });
    }
  } catch (error) {
    countEvent('SignalUnavailable');
    logger.warn('velocity signal not recorded', { errorName: (error as Error)?.name });
    return;
  }
  // Each of a key's VELOCITY_SPREAD items counts about its share of the hour's signatures; the first
  // to reach its share of the threshold raises the signal, once per key and hour (claimVelocityAlert).
  // The busiest item leads the others, so the signal comes at about the threshold, often a little before.
  const alertAt = Math.ceil(ALERT_PER_HOUR / VELOCITY_SPREAD);
  await Promise.all(
    [...tallies].map(async ([id, { slug, signal, domain, at, n }]) => {
      const key = id.slice(0, id.lastIndexOf('|'));
      try {
        const after = await bumpVelocity(key, at, n);
        if (after - n < alertAt && after >= alertAt && (await claimVelocityAlert(key, at))) {
          countEvent(signal === 'email-domain' ? 'DomainVelocityHigh' : 'SourceVelocityHigh');
          logger.warn('signature velocity high', { slug, signal, ...(domain ? { domain } : {}), perHourAbout: ALERT_PER_HOUR });
        }
      } catch (error) {
        countEvent('SignalUnavailable');
        logger.warn('velocity signal not recorded', { slug, errorName: (error as Error)?.name });
      }
    }),
  );
}
