/**
 * Where signatures live. A signer's identity on a campaign is the HMAC of the campaign's slug and the
 * canonical email under a secret key: stable within the campaign (so one mailbox is one signature)
 * yet useless to anyone who dumps the table without the key, and different on every campaign, so no
 * value in the tables links one person's signatures of two campaigns. The same hash spreads a
 * campaign's signatures over `shards` partitions, so a viral campaign is never limited to the write
 * throughput of one partition.
 *
 * A *submission* (what one sign request sent, awaiting its mailed link) lives beside the signature it
 * may become, under `sub#<SHA-256 of its link token>`: the link (signer id, token) finds it without
 * any other index, and each submission is its own item, so a later one cannot change what an earlier
 * link confirms.
 */
import { createHmac } from 'node:crypto';
import type { Campaign } from './campaign.ts';

export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

/** A signer's id on one campaign: `email` must be canonical (see identity.ts). Slugs never hold a newline. */
export function signerId(secret: string, slug: string, email: string): string {
  return keyedHash(secret, `${slug}\n${email}`);
}

export const SUBMISSION_PREFIX = 'sub#';

/** Where the submission behind a link lives: beside its signature, keyed by the link token's hash. */
export function submissionKey(signature: { pk: string }, tokenHash: string): { pk: string; sk: string } {
  return { pk: signature.pk, sk: `${SUBMISSION_PREFIX}${tokenHash}` };
}

export function isSubmissionKey(sk: string | undefined): boolean {
  return sk?.startsWith(SUBMISSION_PREFIX) === true;
}

/** Shard number from the hash's first 32 bits: uniform because HMAC output is. */
export function shardOf(hash: string, shards: number): number {
  return Number.parseInt(hash.slice(0, 8), 16) % shards;
}

export function shardLabel(shard: number): string {
  return shard.toString().padStart(2, '0');
}

/** Partition key of one signature shard of a campaign: `<slug>#<nn>`. Slugs never contain '#'. */
export function signaturePartition(slug: string, shard: number): string {
  return `${slug}#${shardLabel(shard)}`;
}

export function allSignaturePartitions(slug: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, shard) => signaturePartition(slug, shard));
}

/** Splits a signature partition key back into campaign and shard label. */
export function parseSignaturePartition(pk: string): { slug: string; shard: string } | undefined {
  const at = pk.lastIndexOf('#');
  if (at <= 0) return undefined;
  return { slug: pk.slice(0, at), shard: pk.slice(at + 1) };
}

/** Where one signer's signature of a campaign lives: the signer id is its sort key. */
export function signatureKey(campaign: Pick<Campaign, 'slug' | 'shards'>, id: string): { pk: string; sk: string } {
  return { pk: signaturePartition(campaign.slug, shardOf(id, campaign.shards)), sk: id };
}

/** Binds sealed fields to their item: a ciphertext moved to another signature will not open. */
export function sealingContext(key: { pk: string; sk: string }): string {
  return `${key.pk}|${key.sk}`;
}
