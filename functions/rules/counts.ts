/**
 * Turning signature changes into count changes. Pure: the stream handler reads each stream record as a
 * change (#store/signature-changes.ts), sums the changes here and writes what it returns.
 *
 * A signature counts while its status is `confirmed`; a submission is pending while it awaits its
 * email confirmation (status `pending`, then `used` once confirmed). Every stream record moves the count by counted(new) − counted(old), for the campaign
 * and for the signer's country, and the pending figure likewise, so inserts, confirmations,
 * withdrawals (a delete) and expiries (a TTL delete) all add up without reading anything.
 *
 * Idempotency rests on a watermark per (campaign, signature shard): the highest stream sequence
 * number already applied. Records of one signature partition always arrive in order (Lambda and the
 * local poller both guarantee per-key order), so a record at or below the watermark was applied
 * before and is dropped when a batch is delivered again.
 *
 * Besides the totals, a delta carries what the organisers' dashboard shows: confirmations per UTC
 * hour (by the time DynamoDB recorded each change), the batch's confirmations with their countries,
 * and withdrawals per UTC day only. privacy.md promises that a dump of the tables tells when someone
 * withdrew only to the day and never from which country, so nothing finer about a withdrawal is kept:
 * not an hour, not a batch time, not a country. They are written with the counter, under the same
 * condition, so they are exact too.
 *
 * Signatures made through the embeddable widget carry a `source` (the embedding site and an optional
 * tag); the counter's `sources` map counts confirmed ones per `host` or `host#tag`, like `countries`.
 * Signatures from our own page have no source and are not in the map: the dashboard shows them as
 * `direct`, the total minus the widget sources, which stays right for signatures made before sources
 * were recorded (a counted `direct` would go below zero when those are withdrawn).
 */

export interface SignatureChange {
  slug: string;
  /** Signature shard label, e.g. "07". */
  shard: string;
  /** Stream sequence number, zero-padded so string order is numeric order. */
  sequence: string;
  total: number;
  pending: number;
  countries: Record<string, number>;
  /** Confirmed change per widget source (`host` or `host#tag`; see sourceKey). */
  sources: Record<string, number>;
  /** When DynamoDB recorded the change (epoch ms; the stream gives whole seconds). */
  at: number;
}

export interface CountDelta {
  total: number;
  pending: number;
  countries: Record<string, number>;
  sources: Record<string, number>;
  /** Per shard: the first and last sequence number this delta covers. */
  shards: Record<string, { first: string; last: string }>;
  /** Confirmations per UTC hour (`2026-11-24T13`): arrivals only, so no hour tells of a withdrawal. */
  hours: Record<string, number>;
  /** Confirmed signatures that went (withdrawn), per UTC day (`2026-11-24`). */
  withdrawnByDay: Record<string, number>;
  /** Signatures that became confirmed, and confirmed ones that went (withdrawn). */
  confirmed: number;
  withdrawn: number;
  /** The batch's confirmations, for its activity item; absent when it confirmed nobody. */
  activity?: ConfirmationActivity;
  /**
   * Whether the batch brought an arrival (a new signature or a confirmation): only then does the
   * counter's `updatedAt` move. A batch that only took signatures away (withdrawals, expiries) leaves
   * no time behind.
   */
  arrived: boolean;
}

/** What a batch's activity item holds: its confirmations only, never its withdrawals. */
export interface ConfirmationActivity {
  /** The latest confirmation's time (epoch ms). */
  at: number;
  /** Countries of the confirmed signers (never net of withdrawals). */
  countries: Record<string, number>;
  /** The first confirmation (lowest shard, then sequence): names the item, unique per batch. */
  shard: string;
  sequence: string;
}

const SEQUENCE_WIDTH = 40;

export function padSequence(sequence: string): string {
  return sequence.padStart(SEQUENCE_WIDTH, '0');
}

/** What the dashboard calls signatures without a source: those made on our own page. */
export const DIRECT_SOURCE = 'direct';

/**
 * The counter key of a widget source: `host`, or `host#tag` when the snippet gave a tag. The sign
 * input's schema (./signature.ts) allows `#` in neither and refuses the host `direct`, so keys never
 * collide with each other or with the dashboard's `direct`.
 */
export function sourceKey(source: { host?: unknown; tag?: unknown } | undefined): string | undefined {
  if (!source || typeof source.host !== 'string' || source.host === '') return undefined;
  return typeof source.tag === 'string' && source.tag !== '' ? `${source.host}#${source.tag}` : source.host;
}

export interface SignatureImage {
  status?: string;
  erasedAt?: string;
  country?: string;
  source?: { host?: unknown; tag?: unknown };
}

/** The delete of an erased signature, or the insert of its anonymous copy (see retention). */
function isRetentionMove(before: SignatureImage | undefined, after: SignatureImage | undefined): boolean {
  return (before !== undefined && after === undefined && before.erasedAt !== undefined) || (before === undefined && after?.erasedAt !== undefined);
}

function counted(image: SignatureImage | undefined): boolean {
  return image?.status === 'confirmed';
}

function pending(image: SignatureImage | undefined): boolean {
  return image?.status === 'pending';
}

/**
 * How one signature's change moves the counts: the signature as it was and as it is (undefined when
 * absent), at a place (campaign and shard) and a stream position.
 */
export function signatureChange(
  where: { slug: string; shard: string },
  sequence: string,
  image: { before: SignatureImage | undefined; after: SignatureImage | undefined },
  at: number,
): SignatureChange {
  let { before, after } = image;
  // Retention moves an erased signature to an anonymous key in one transaction: the delete of the old
  // item and the insert of the new one are one signature staying put, not a withdrawal and a new
  // signature. Both count as nothing (their watermarks still advance), so the count never dips
  // between them, and the dashboard records no withdrawal.
  if (isRetentionMove(before, after)) before = after = undefined;
  const countries: Record<string, number> = {};
  if (counted(before) && before?.country) countries[before.country] = (countries[before.country] ?? 0) - 1;
  if (counted(after) && after?.country) countries[after.country] = (countries[after.country] ?? 0) + 1;
  for (const [country, n] of Object.entries(countries)) if (n === 0) delete countries[country];
  const sources: Record<string, number> = {};
  const sourceBefore = counted(before) ? sourceKey(before?.source) : undefined;
  const sourceAfter = counted(after) ? sourceKey(after?.source) : undefined;
  if (sourceBefore) sources[sourceBefore] = (sources[sourceBefore] ?? 0) - 1;
  if (sourceAfter) sources[sourceAfter] = (sources[sourceAfter] ?? 0) + 1;
  for (const [key, n] of Object.entries(sources)) if (n === 0) delete sources[key];
  return {
    slug: where.slug,
    shard: where.shard,
    sequence: padSequence(sequence),
    total: Number(counted(after)) - Number(counted(before)),
    pending: Number(pending(after)) - Number(pending(before)),
    countries,
    sources,
    at,
  };
}

/** The UTC hour of an instant, as the timeline keys it: `2026-11-24T13`. */
export function hourOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 13);
}

/** The UTC day of an instant, as withdrawals are kept: `2026-11-24`. */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Groups changes by campaign and sums them: one delta, hence one write, per campaign per batch. */
export function aggregate(changes: Iterable<SignatureChange>): Map<string, CountDelta> {
  const bySlug = new Map<string, CountDelta>();
  for (const change of changes) {
    let delta = bySlug.get(change.slug);
    if (!delta) {
      delta = { total: 0, pending: 0, countries: {}, sources: {}, shards: {}, hours: {}, withdrawnByDay: {}, confirmed: 0, withdrawn: 0, arrived: false };
      bySlug.set(change.slug, delta);
    }
    delta.total += change.total;
    delta.pending += change.pending;
    addAll(delta.countries, change.countries);
    addAll(delta.sources, change.sources);
    if (change.total > 0) noteConfirmation(delta, change);
    if (change.total < 0) {
      delta.withdrawn -= change.total;
      add(delta.withdrawnByDay, dayOf(change.at), -change.total);
    }
    if (change.total > 0 || change.pending > 0) delta.arrived = true;
    const range = delta.shards[change.shard];
    if (!range) delta.shards[change.shard] = { first: change.sequence, last: change.sequence };
    else {
      if (change.sequence < range.first) range.first = change.sequence;
      if (change.sequence > range.last) range.last = change.sequence;
    }
  }
  for (const delta of bySlug.values()) {
    dropZeros(delta.countries);
    dropZeros(delta.sources);
  }
  return bySlug;
}

/** A confirmation: counted in its hour and in the batch's activity, with its country. */
function noteConfirmation(delta: CountDelta, change: SignatureChange): void {
  delta.confirmed += change.total;
  add(delta.hours, hourOf(change.at), change.total);
  const activity = (delta.activity ??= { at: change.at, countries: {}, shard: change.shard, sequence: change.sequence });
  if (change.at > activity.at) activity.at = change.at;
  for (const [country, n] of Object.entries(change.countries)) if (n > 0) add(activity.countries, country, n);
  if (change.shard < activity.shard || (change.shard === activity.shard && change.sequence < activity.sequence)) {
    activity.shard = change.shard;
    activity.sequence = change.sequence;
  }
}

function add(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

function addAll(map: Record<string, number>, more: Record<string, number>): void {
  for (const [key, n] of Object.entries(more)) add(map, key, n);
}

function dropZeros(map: Record<string, number>): void {
  for (const [key, n] of Object.entries(map)) if (n === 0) delete map[key];
}

/** The changes not yet covered by the stored watermarks: what a redelivered batch still has to apply. */
export function unapplied(changes: SignatureChange[], watermarks: Record<string, string>): SignatureChange[] {
  return changes.filter((change) => {
    const mark = watermarks[change.shard];
    return mark === undefined || change.sequence > mark;
  });
}
