/**
 * The two write shapes every store module needs: a transaction whose conditions may legitimately
 * fail, and an update whose condition may. One place decides what a cancellation means.
 */
import { TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { isConditionFailure, unavailable } from '#lib/errors.ts';

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * Writes all items or none. False when a condition said no (the item exists, changed, is gone…);
 * cancelled for any other reason (a concurrent transaction on the same item, throttling), nothing
 * was written and the caller gets a 503 to try again.
 */
export async function transact(items: TransactItems): Promise<boolean> {
  return (await transactNaming(items)) === true;
}

/**
 * As transact, for callers whose answer depends on which condition said no: true when written,
 * else the indexes of the items whose conditions failed.
 */
export async function transactNaming(items: TransactItems): Promise<true | number[]> {
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const refused = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (refused.length > 0) return refused;
      throw unavailable();
    }
    throw error;
  }
}

/** Most items one TransactWriteItems may hold. */
export const MAX_TRANSACTION_ITEMS = 100;

/** An update whose condition may legitimately be false: true if applied, false if not. */
export async function conditionalUpdate(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await documents.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
