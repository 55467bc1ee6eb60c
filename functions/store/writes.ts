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
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
      throw unavailable();
    }
    throw error;
  }
}

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
