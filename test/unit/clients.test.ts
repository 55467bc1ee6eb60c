/**
 * The shared AWS clients skip the SDK's logger middleware: with no logger of ours it only builds log
 * entries for a no-op logger, copying and walking every request and response (see clients.ts).
 */
import './unit-env.ts';
import { describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const clients = await import('#lib/clients.ts');
const names = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('the shared AWS clients', () => {
  it('a plain SDK client has the logger middleware, one made by withoutSdkLogging has not', () => {
    // If the SDK renamed its middleware, the first assertion fails and the name must follow.
    expect(names(new DynamoDBClient({}))).toContain('loggerMiddleware');
    expect(names(clients.withoutSdkLogging(new DynamoDBClient({})))).not.toContain('loggerMiddleware');
  });

  it('the DynamoDB client and the document client over it run no logger middleware', () => {
    expect(names(clients.dynamo)).not.toContain('loggerMiddleware');
    expect(names(clients.documents)).not.toContain('loggerMiddleware');
    // Everything else the SDK needs is still there.
    expect(names(clients.dynamo)).toEqual(expect.arrayContaining(['serializerMiddleware', 'retryMiddleware', 'httpSigningMiddleware', 'deserializerMiddleware']));
  });
});
