/**
 * For unit tests of sealing: the signals table's period data key items (#crypto/data-key-periods.ts),
 * kept in a Map behind a mocked document client, with DynamoDB's conditional put, strongly consistent
 * reads, and failures and races on demand. Shared by every module instance of a test file (the mock
 * sits on the client class), so two "containers" (fresh imports after vi.resetModules) see one table.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

export function fakePeriodTable() {
  const ddb = mockClient(DynamoDBDocumentClient);
  const items = new Map<string, Record<string, unknown>>();
  const state = {
    ddb,
    items,
    /** The next calls of each kind that fail as throttled. */
    fail: { get: 0, put: 0 },
    /** When set, reads wait until this many have arrived, then all answer: every reader misses together. */
    holdReads: 0,
    reset() {
      ddb.reset();
      items.clear();
      state.fail = { get: 0, put: 0 };
      state.holdReads = 0;
      install();
    },
  };
  let waiting: (() => void)[] = [];
  const throttled = () => Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
  function install() {
    waiting = [];
    ddb.on(GetCommand).callsFake(async (input: { Key: { pk: string } }) => {
      if (state.fail.get > 0) {
        state.fail.get -= 1;
        throw throttled();
      }
      if (state.holdReads > 0) {
        const hold = state.holdReads;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length >= hold) {
            state.holdReads = 0;
            for (const go of waiting.splice(0)) go();
          }
        });
      }
      const item = items.get(input.Key.pk);
      return { Item: item ? structuredClone(item) : undefined };
    });
    ddb.on(PutCommand).callsFake(async (input: { Item: Record<string, unknown>; ConditionExpression?: string }) => {
      if (state.fail.put > 0) {
        state.fail.put -= 1;
        throw throttled();
      }
      const pk = String(input.Item.pk);
      if (input.ConditionExpression === 'attribute_not_exists(pk)' && items.has(pk)) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      }
      items.set(pk, structuredClone(input.Item));
      return {};
    });
  }
  install();
  return state;
}
