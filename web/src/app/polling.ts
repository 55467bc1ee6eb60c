/**
 * How often the pages poll (the public count, the organiser's dashboard and exports), and which
 * reading is newer. Pure.
 */
export const POLL_INTERVAL_MS = 1500;
const MAX_POLL_INTERVAL_MS = 30_000;

/** Delay before the next count poll: the normal 1.5 s, doubling after consecutive failures up to 30 s. */
export function nextPollDelay(consecutiveFailures: number): number {
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures <= 0) return POLL_INTERVAL_MS;
  return Math.min(MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS * 2 ** Math.min(consecutiveFailures, 10));
}

/**
 * Whether a count reading stamped `candidate` should replace the one stamped `current`. Readings
 * can arrive out of order (detail and count endpoints, caches); an older one must not move the
 * counter backwards. Unparseable stamps are accepted.
 */
export function isNewerReading(candidate: string | undefined, current: string | undefined): boolean {
  if (candidate === undefined || current === undefined) return true;
  const a = Date.parse(candidate);
  const b = Date.parse(current);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return a >= b;
}
