/**
 * Short-lived abuse signals in the signals table; every item expires by TTL within two days.
 *
 * - Used proof-of-work challenges, so one solved challenge cannot sign a thousand times.
 * - The hour's salt for keyed hashes of network addresses and email domains (./salts.ts).
 * - The period's data key, shared by every sealing function (./data-key-periods.ts).
 * - Velocity counters per (campaign, signal, hour), spread over a few items so that a popular mail
 *   provider never makes one item hot.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import type { TransactItems } from './writes.ts';

const TableName = requireEnv('SIGNALS_TABLE');
export const SIGNALS_TABLE = TableName;
const DAY_SECONDS = 86_400;
/**
 * Velocity counters per key: a hot mail provider's writes spread over this many partition keys (not
 * sort keys: items under one partition key share its write limit). 8: the busiest provider at 40% of
 * 5,000 signatures/s puts ~250 writes/s on each (`npm run bench`, capacity model).
 */
export const VELOCITY_SPREAD = 8;

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Records a solved challenge as used. False if it was used before (a replay). Kept until the
 * challenge itself expires, after which it would fail verification anyway.
 */
export async function claimChallenge(id: string, expiresAtSeconds: number): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: { pk: `challenge#${id}`, sk: '-', expiresAt: expiresAtSeconds + 60 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The write that spends a solved challenge, for a transaction with whatever the challenge pays for:
 * it fails the transaction if the challenge was spent before.
 */
export function spentChallengeItem(id: string, expiresAtSeconds: number): TransactItems[number] {
  return {
    Put: {
      TableName,
      Item: { pk: `challenge#${id}`, sk: '-', expiresAt: expiresAtSeconds + 60 },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Claims the one alert a velocity key may raise in an hour. Its VELOCITY_SPREAD items each reach the
 * threshold's share at some point, and only the first of them should raise the signal. False if
 * another did. `key` is a keyed hash, as for bumpVelocity.
 */
export async function claimVelocityAlert(key: string, now: Date): Promise<boolean> {
  const hour = now.toISOString().slice(0, 13);
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: { pk: `velocity-alert#${key}#${hour}`, sk: '-', expiresAt: epochSeconds(now) + 2 * DAY_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** One of a velocity counter's VELOCITY_SPREAD items for an hour (`YYYY-MM-DDTHH`). */
export function velocityKey(key: string, hour: string, spread: number): { pk: string; sk: string } {
  return { pk: `velocity#${key}#${hour}#${spread}`, sk: '-' };
}

/**
 * Adds `by` (one, or a batch's count) to a velocity counter and returns this item's new value (about
 * 1/VELOCITY_SPREAD of the hour's total for the key). `key` must already be a keyed hash, never a raw address or domain.
 */
export async function bumpVelocity(key: string, now: Date, by = 1): Promise<number> {
  const hour = now.toISOString().slice(0, 13);
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName,
      Key: velocityKey(key, hour, randomInt(VELOCITY_SPREAD)),
      UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': by, ':expires': epochSeconds(now) + 2 * DAY_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.n ?? 0);
}

/**
 * Takes one mail from a recipient's quota for a period; false once `limit` mails were taken. `key`
 * must already be a keyed hash (see #usecases/mail-quota.ts), never an address. The item expires with
 * its period (`expiresAt`, epoch seconds), so a quota holds nothing for long.
 */
export async function takeMailQuota(key: string, limit: number, expiresAt: number): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: { pk: `quota#${key}`, sk: '-' },
        UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiresAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
