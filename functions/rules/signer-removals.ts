/**
 * Which records of the signatures stream take a confirmed signer away: what exports made before must
 * not outlive (functions/usecases/outdate-exports.ts). Pure.
 *
 * A withdrawal deletes the signer's item, so it is a REMOVE whose old image is `confirmed`. Not such a
 * removal: the tombstone a withdrawal writes (`withdrawn#…`, an INSERT anyway), a submission item
 * (`sub#…`, pending and never in an export), and a pending signature withdrawn or expired by TTL
 * (never in an export either). The stream consumer's event filter lets only confirmed REMOVEs
 * through (functions/routes.ts); this check holds on its own all the same.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { parseSignaturePartition } from './signature-keys.ts';

/** Sort-key prefixes of signature-table items that are not signers. */
const NOT_SIGNERS = ['withdrawn#', 'sub#'];

/** The campaign a record removes a confirmed signer from, and when (epoch ms); else undefined. */
export function confirmedRemoval(record: DynamoDBRecord, now = Date.now()): { slug: string; at: number } | undefined {
  const data = record.dynamodb;
  if (record.eventName !== 'REMOVE' || !data) return undefined;
  const pk = data.Keys?.pk?.S;
  const sk = data.Keys?.sk?.S;
  if (!pk || !sk || NOT_SIGNERS.some((prefix) => sk.startsWith(prefix))) return undefined;
  const where = parseSignaturePartition(pk);
  if (!where || data.OldImage?.status?.S !== 'confirmed') return undefined;
  // Retention moving an erased signature to its anonymous key: the signer stays counted, and retention
  // outdates the campaign's exports itself.
  if (data.OldImage?.erasedAt !== undefined) return undefined;
  // Epoch seconds in the event; absent only in hand-made events.
  return { slug: where.slug, at: data.ApproximateCreationDateTime ? data.ApproximateCreationDateTime * 1000 : now };
}

/** Per campaign, the latest removal of a confirmed signer in a batch (epoch ms). */
export function latestRemovals(records: readonly DynamoDBRecord[], now = Date.now()): Map<string, number> {
  const latest = new Map<string, number>();
  for (const record of records) {
    const removal = confirmedRemoval(record, now);
    if (removal && removal.at > (latest.get(removal.slug) ?? -Infinity)) latest.set(removal.slug, removal.at);
  }
  return latest;
}
