/**
 * Where signatures live. A signer's identity is the HMAC of the canonical email under a secret key:
 * stable (so a conditional write deduplicates) yet useless to anyone who dumps the table without the
 * key. The same hash spreads a campaign's signatures over `shards` partitions, so a viral campaign is
 * never limited to the write throughput of one partition.
 */
import { createHmac } from 'node:crypto';
import type { Petition } from './petition.ts';

export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
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
export function signatureKey(petition: Pick<Petition, 'slug' | 'shards'>, id: string): { pk: string; sk: string } {
  return { pk: signaturePartition(petition.slug, shardOf(id, petition.shards)), sk: id };
}

/** Binds sealed fields to their item: a ciphertext moved to another signature will not open. */
export function sealingContext(key: { pk: string; sk: string }): string {
  return `${key.pk}|${key.sk}`;
}
