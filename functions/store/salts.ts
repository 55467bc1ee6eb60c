/**
 * The hour's salt for the keyed hashes of network addresses and email domains in the velocity
 * signals (#usecases/abuse.ts). It is random, stored in the signals table only sealed under a data key
 * (KMS in AWS, like signers' names) and bound to its own item, and deleted after two days: a dump of
 * the table cannot be searched for an address or a domain, because the salt is not in it, and once the
 * item is gone nobody can tell whose address a signal came from.
 *
 * Apart from ./signals.ts so that only the functions that make signals load the data-key provider.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { isConditionFailure } from '#lib/errors.ts';
import { openFields, sealFields } from '#crypto/field-crypto.ts';
import { SIGNALS_TABLE as TableName } from './signals.ts';

const DAY_SECONDS = 86_400;
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

let cachedSalt: { hour: string; salt: Promise<string> } | undefined;

/**
 * The random salt of the UTC hour `now` falls in, made by whichever function asks first. Stored
 * sealed under a data key (KMS in AWS), bound to its own key, so the table alone never holds it.
 */
export function hourlySalt(now: Date): Promise<string> {
  const hour = now.toISOString().slice(0, 13);
  if (cachedSalt?.hour !== hour) {
    const salt = readOrMakeSalt(hour, now);
    // A failure (throttling, say) must not stay cached.
    salt.catch(() => {
      if (cachedSalt?.salt === salt) cachedSalt = undefined;
    });
    cachedSalt = { hour, salt };
  }
  return cachedSalt.salt;
}

async function readOrMakeSalt(hour: string, now: Date): Promise<string> {
  const Key = { pk: `salt#${hour}`, sk: '-' };
  const context = Key.pk;
  const fresh = randomBytes(32).toString('base64url');
  const { dataKey, sealed } = await sealFields({ salt: fresh }, context);
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: { ...Key, dataKey, sealed, expiresAt: epochSeconds(now) + 2 * DAY_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return fresh;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await documents.send(new GetCommand({ TableName, Key, ConsistentRead: true }));
    const opened = await openFields(String(Item?.dataKey), (Item?.sealed ?? {}) as Record<string, string>, context);
    if (!opened.salt) throw new Error('The hour\'s salt item holds no salt.');
    return opened.salt;
  }
}

/** Forgets the cached salt, so a test starts as a fresh container would. */
export function resetSaltCacheForTests(): void {
  cachedSalt = undefined;
}
