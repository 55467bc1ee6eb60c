/**
 * An AWS overload that outlasts the SDK's retries answers 503 (test/unit/faults.test.ts) and, for the
 * people running the platform, leaves an error log that tells a throttled table from a wrong endpoint
 * or a dead network, and an `Overloaded` metric to alarm on. Names and codes only, nothing personal.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent, invoke } from './http-event.ts';
import { capturedOutput } from '../support/output.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
delete process.env.POWERTOOLS_METRICS_DISABLED;

const { handler: getCount } = await import('#http/get-count.ts');
const ddb = mockClient(DynamoDBDocumentClient);

/** Every line the handler writes (Powertools logs and EMF metrics), parsed. */
async function output(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const text = await capturedOutput(run);
  return text.split('\n').filter((line) => line.trim().startsWith('{')).map((line) => JSON.parse(line));
}

const countEvent = () => httpEvent({ method: 'GET', path: '/api/campaigns/free-the-press/count', pathParameters: { slug: 'free-the-press' } });

beforeEach(() => ddb.reset());

describe('an overload after the retries', () => {
  it('a throttled table: error log with its name, fault and status, an Overloaded metric, 503', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } }));
    let status: number | undefined;
    const lines = await output(async () => (status = (await invoke(getCount, countEvent())).statusCode));
    expect(status).toBe(503);
    expect(lines.find((line) => line.message === 'overloaded after retries')).toMatchObject({
      level: 'ERROR', errorName: 'ProvisionedThroughputExceededException', fault: 'client', httpStatus: 400,
    });
    expect(lines.some((line) => line.Overloaded === 1)).toBe(true);
  });

  it('an endpoint that cannot be reached: the log names the network code, so it is not mistaken for load', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.example'), { code: 'ENOTFOUND' }));
    const lines = await output(() => invoke(getCount, countEvent()));
    expect(lines.find((line) => line.message === 'overloaded after retries')).toMatchObject({ level: 'ERROR', errorCode: 'ENOTFOUND' });
    // The host name in the message is configuration, but messages are not logged at all here.
    expect(JSON.stringify(lines)).not.toContain('dynamodb.example');
  });
});
