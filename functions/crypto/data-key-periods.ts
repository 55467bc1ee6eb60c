/**
 * The period's data key item in the signals table: one data key shared by every function that seals
 * personal data during one period (#crypto/data-keys.ts DATA_KEY_PERIOD_MS), made by whichever function
 * needs it first, like the hour's salt (./salts.ts).
 *
 * `data-key#<period start, UTC minute>` / `-`: `wrapped` (the key wrapped for records, exactly what each
 * record stores beside its fields as `dataKey`), `sealedKey` (the same key wrapped again under the period
 * context, which is what sealing functions may unwrap; bound to the period and to `wrapped`), `period`
 * and `expiresAt` (TTL, an hour after the period). Nothing about any signer or campaign.
 *
 * Nothing is lost when the item goes: every record carries `wrapped` itself, and openers unwrap that.
 *
 * Apart from ./signals.ts so that openers, which load the data-key module too, need no signals table:
 * the table's name is read when the first key is asked for, not at import.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';

export interface PeriodKeyItem {
  period: string;
  wrapped: string;
  sealedKey: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const keyOf = (period: string) => ({ pk: `data-key#${period}`, sk: '-' });

/** The period's item, read strongly consistently (once per container and period), or undefined. */
export async function readPeriodKey(period: string): Promise<PeriodKeyItem | undefined> {
  const out = await documents.send(new GetCommand({ TableName: requireEnv('SIGNALS_TABLE'), Key: keyOf(period), ConsistentRead: true }));
  const Item = out?.Item;
  if (!Item) return undefined;
  if (Item.period !== period || typeof Item.wrapped !== 'string' || typeof Item.sealedKey !== 'string') {
    throw new Error(`The data key item of period ${period} is malformed.`);
  }
  return { period, wrapped: Item.wrapped, sealedKey: Item.sealedKey, expiresAt: Number(Item.expiresAt) };
}

/** Stores the period's item unless one exists. False when another function's item was there first. */
export async function createPeriodKey(item: PeriodKeyItem): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: requireEnv('SIGNALS_TABLE'),
        Item: { ...keyOf(item.period), period: item.period, wrapped: item.wrapped, sealedKey: item.sealedKey, expiresAt: item.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
