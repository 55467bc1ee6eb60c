/**
 * Reads DynamoDB Local's real Streams API and hands each batch, in the Lambda event shape, to the same
 * stream handler Lambda would call — with Lambda's delivery rules: per shard in order, a parent shard
 * before its children, and a failed batch delivered again (with a growing pause) until it succeeds.
 * Progress is checkpointed to a file so a restart resumes instead of replaying everything (a replay
 * would be harmless anyway: the handler is idempotent).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import type { StreamFilter } from '../../functions/routes.ts';

export interface PollerOptions {
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  handler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
  batchSize?: number;
  intervalMs?: number;
  /** The time the handler is told it has (its context's getRemainingTimeInMillis); default 60 s. */
  timeoutMs?: number;
  /**
   * Only records this accepts reach the handler, as a Lambda event filter would let through; the
   * others are passed over (and checkpointed) without a call. See streamFilter.
   */
  filter?: (record: DynamoDBRecord) => boolean;
  checkpointFile?: string;
  onError?: (error: unknown) => void;
}

interface ShardState {
  iterator?: string;
  /** The shard was read to its end (it was closed and has no more records). */
  done: boolean;
  failures: number;
  retryAt: number;
}

export class StreamPoller {
  private readonly shards = new Map<string, ShardState>();
  private checkpoints: Record<string, string> = {};
  private streamArn?: string;
  private running = false;
  private loop?: Promise<void>;
  private readonly batchSize: number;
  private readonly intervalMs: number;

  constructor(private readonly options: PollerOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.intervalMs = options.intervalMs ?? 200;
    if (options.checkpointFile) {
      try {
        const saved = JSON.parse(readFileSync(options.checkpointFile, 'utf8'));
        this.checkpoints = saved.checkpoints ?? {};
        this.streamArn = saved.streamArn;
      } catch {
        // No checkpoint yet: start from the oldest record.
      }
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.pollOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        await new Promise((r) => setTimeout(r, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Polls until a full pass over every shard finds no records; for tests and the recount command. */
  async drain(maxPasses = 200): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      if ((await this.pollOnce()) === 0) return;
    }
    throw new Error('stream did not drain');
  }

  /** One pass over the open shards; returns how many records were handed to the handler. */
  async pollOnce(): Promise<number> {
    const arn = await this.currentStreamArn();
    const shards = await this.listShards(arn);
    let delivered = 0;
    for (const shard of shards) {
      const id = shard.ShardId!;
      const parent = shard.ParentShardId;
      // Lambda's rule: a child shard waits until its parent has been read to the end.
      if (parent && this.shards.has(parent) && !this.shards.get(parent)!.done) continue;
      delivered += await this.readShard(arn, id);
    }
    return delivered;
  }

  private async currentStreamArn(): Promise<string> {
    const { Table } = await this.options.dynamo.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const arn = Table?.LatestStreamArn;
    if (!arn) throw new Error(`Table ${this.options.tableName} has no stream.`);
    if (arn !== this.streamArn) {
      // A new stream (the table was recreated): old checkpoints mean nothing.
      this.streamArn = arn;
      this.checkpoints = {};
      this.shards.clear();
    }
    return arn;
  }

  private async listShards(arn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return shards;
  }

  private async iteratorFor(arn: string, shardId: string): Promise<string | undefined> {
    const after = this.checkpoints[shardId];
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  private async readShard(arn: string, shardId: string): Promise<number> {
    let state = this.shards.get(shardId);
    if (!state) {
      state = { done: false, failures: 0, retryAt: 0 };
      this.shards.set(shardId, state);
    }
    if (state.done || Date.now() < state.retryAt) return 0;
    state.iterator ??= await this.iteratorFor(arn, shardId);
    if (!state.iterator) {
      state.done = true;
      return 0;
    }

    let page;
    try {
      page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.batchSize }));
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExpiredIteratorException' || error.name === 'TrimmedDataAccessException')) {
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length > 0) {
      const event = { Records: records.map((r) => toLambdaRecord(r, arn)).filter(this.options.filter ?? (() => true)) };
      try {
        if (event.Records.length > 0) await this.options.handler(event, lambdaContext('stream', this.options.timeoutMs ?? 60_000));
      } catch (error) {
        // Lambda's rule: the same batch again, from the same position, after a pause.
        state.failures++;
        state.retryAt = Date.now() + Math.min(30_000, 100 * 2 ** state.failures);
        this.options.onError?.(error);
        return 0;
      }
      state.failures = 0;
      this.checkpoints[shardId] = records.at(-1)!.dynamodb!.SequenceNumber!;
      this.saveCheckpoints();
    }
    if (page.NextShardIterator) state.iterator = page.NextShardIterator;
    else state.done = true;
    return records.length;
  }

  private saveCheckpoints(): void {
    if (!this.options.checkpointFile) return;
    writeFileSync(this.options.checkpointFile, JSON.stringify({ streamArn: this.streamArn, checkpoints: this.checkpoints }));
  }
}

/**
 * The local twin of Lambda event filters on event name, sort-key prefix and old status (as the CDK
 * stack builds from a stream consumer's `only`): a record passes when any one filter matches it.
 */
export function streamFilter(
  only: StreamFilter | readonly StreamFilter[],
  sortKey: string,
): (record: DynamoDBRecord) => boolean {
  const filters = [only].flat();
  return (record) => filters.some((filter) => matches(filter, record, sortKey));
}

function matches(only: StreamFilter, record: DynamoDBRecord, sortKey: string): boolean {
  if (!only.events.includes((record.eventName ?? '') as never)) return false;
  if (only.oldStatus !== undefined && record.dynamodb?.OldImage?.status?.S !== only.oldStatus) return false;
  if (only.sortKeyPrefix === undefined) return true;
  const key = record.dynamodb?.Keys?.[sortKey]?.S;
  return typeof key === 'string' && key.startsWith(only.sortKeyPrefix);
}

/** The SDK's stream record, reshaped as Lambda delivers it (epoch seconds, the source ARN). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: data.Keys as never,
      NewImage: data.NewImage as never,
      OldImage: data.OldImage as never,
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType as never,
    },
  };
}
