/**
 * For crash.test.ts: the local stack's count poller in a process of its own, so that the test can
 * kill it for real (SIGKILL) in the middle of a batch. It reads the environment the test set up
 * (endpoint, tables, checkpoint file), counts batches normally until batch KILL_AT_BATCH, applies
 * only the first half of that one, tells the parent, and waits to be killed: the counter has moved
 * but the checkpoint has not, exactly as after a crash between the two.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { localClient, localStreamsClient } from '../../infra/local/dynamodb.ts';
import { StreamPoller } from '../../infra/local/stream-poller.ts';

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
const killAt = Number(process.env.KILL_AT_BATCH);
const { handler } = await import('#streams/count-signatures.ts');

let batch = 0;
const poller = new StreamPoller({
  dynamo: localClient(endpoint),
  streams: localStreamsClient(endpoint),
  tableName: process.env.SIGNATURES_TABLE!,
  batchSize: Number(process.env.BATCH_SIZE),
  intervalMs: 20,
  checkpointFile: process.env.CHECKPOINT_FILE!,
  handler: async (event: DynamoDBStreamEvent, context: Context) => {
    batch++;
    if (batch < killAt) return handler(event, context);
    const half = event.Records.slice(0, Math.ceil(event.Records.length / 2));
    await handler({ Records: half }, context);
    process.send!({ midBatch: batch, records: event.Records.length, applied: half.length, firstSequence: event.Records[0]!.dynamodb!.SequenceNumber });
    // Keep the process alive (and the batch unfinished) until the parent kills it.
    setInterval(() => undefined, 1000);
    await new Promise(() => undefined);
  },
  onError: (error) => process.send!({ error: `${(error as Error).name}: ${(error as Error).message}` }),
});
poller.start();
