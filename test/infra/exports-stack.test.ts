/**
 * The exports in the synthesised template: a private, encrypted bucket whose files expire, the jobs
 * table's stream feeding the job runner (new jobs only, one at a time, 15 minutes), the signatures
 * stream's removals of confirmed signers feeding the consumer that outdates exports, and S3 access for
 * exactly the functions that need it.
 */
import { describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { functionId, idOf, resources, stack, statementsOf } from './synthesised.ts';

const bucketId = idOf(stack.exportsBucket);

describe('the exports bucket', () => {
  const bucket = resources[bucketId]!.Properties;

  it('is private, encrypted by S3, and reachable over TLS only', () => {
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes(bucketId))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(bucket.CorsConfiguration).toBeUndefined();
  });

  it('forgets files after 7 days, and unfinished uploads after one', () => {
    expect(bucket.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 7, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
  });

  it('is written only by the job runner, read only by the download route, and emptied only by what outdates exports', () => {
    const access: Record<string, string[]> = {
      'run-export-jobs': ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'],
      'get-export': ['s3:GetObject'],
      'follow-signatures': ['s3:DeleteObject'],
      retention: ['s3:DeleteObject'],
    };
    for (const f of [...routes, ...streamConsumers, ...scheduledJobs]) {
      const onBucket = statementsOf(f.name).filter((s) => JSON.stringify(s.Resource).includes(bucketId));
      const actions = onBucket.flatMap((s) => [s.Action].flat()).sort();
      const expected = access[f.name] ?? [];
      expect({ name: f.name, actions }).toEqual({ name: f.name, actions: expected });
      const env = resources[functionId(f.name)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect({ name: f.name, bucket: 'EXPORTS_BUCKET' in env }).toEqual({ name: f.name, bucket: expected.length > 0 });
    }
  });
});

describe('the job runner', () => {
  it('reads the jobs table stream: new jobs only, one per call, with 15 minutes', () => {
    const fn = resources[functionId('run-export-jobs')]!.Properties;
    expect(fn.Timeout).toBe(900);
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionId('run-export-jobs')),
    )!.Properties;
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [idOf(stack.tables.Jobs), 'StreamArn'] });
    expect(mapping.BatchSize).toBe(1);
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
    const patterns = mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'JOB#' }] } } } }]);
  });

  it('sends the consumer that outdates exports (and mails new submissions) only removals of confirmed signers and new submissions, in order', () => {
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionId('follow-signatures')),
    )!.Properties;
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [idOf(stack.tables.Signatures), 'StreamArn'] });
    expect(mapping).toMatchObject({ ParallelizationFactor: 1, BisectBatchOnFunctionError: true });
    const patterns = mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'sub#' }] } } } },
      { eventName: ['REMOVE'], dynamodb: { OldImage: { status: { S: ['confirmed'] } } } },
    ]);
    const env = resources[functionId('follow-signatures')]!.Properties.Environment.Variables as Record<string, unknown>;
    // Organisations: the signer's mail names the campaign's organisation (issue #17), read once a batch.
    expect(Object.keys(env).filter((k) => k.endsWith('_TABLE')).sort()).toEqual(['JOBS_TABLE', 'ORGANISATIONS_TABLE', 'PETITIONS_TABLE', 'SIGNALS_TABLE', 'SIGNATURES_TABLE']);
  });

  it('has two readers of the signatures stream, the most DynamoDB Streams serves a shard without throttling', () => {
    const readers = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.EventSourceArn).includes(idOf(stack.tables.Signatures)),
    );
    expect(readers).toHaveLength(2);
  });

  it('keeps the counts consumer reading every record, in order, in batches of 300 (four records a signature)', () => {
    const mapping = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(functionId('count-signatures')),
    )!.Properties;
    expect(mapping).toMatchObject({ BatchSize: 300, ParallelizationFactor: 1, MaximumBatchingWindowInSeconds: 1 });
    expect(mapping.FilterCriteria).toBeUndefined();
  });

  it('has the jobs table stream new images, and expire its records by TTL', () => {
    const jobs = resources[idOf(stack.tables.Jobs)]!.Properties;
    expect(jobs.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(jobs.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});
