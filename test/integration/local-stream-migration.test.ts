/**
 * `npm start` on a `.local/` database made before the organisations table had a stream (sign-in
 * requests are answered from it): the stream is turned on in place, so the sign-in consumer can read
 * it without `--fresh`, and the data stays.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, expect, inject, it } from 'vitest';
import { ensureTables, localClient } from '../../infra/local/dynamodb.ts';

const client = localClient(inject('dynamoEndpoint'));
const prefix = `m${randomUUID().slice(0, 8)}-`;

afterAll(async () => {
  for (const name of (await client.send(new ListTablesCommand({}))).TableNames ?? []) {
    if (name.startsWith(prefix)) await client.send(new DeleteTableCommand({ TableName: name }));
  }
  client.destroy();
});

it('turns on the stream a table gained, keeping its items', async () => {
  const TableName = `${prefix}Organisations`;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );
  await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'ORG#demo' }, sk: { S: 'META' }, name: { S: 'Demo' } } }));
  expect((await client.send(new DescribeTableCommand({ TableName }))).Table?.StreamSpecification?.StreamEnabled).toBeFalsy();

  await ensureTables(client, prefix);
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  expect(Table?.LatestStreamArn).toBeTruthy();
  expect((await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'ORG#demo' }, sk: { S: 'META' } } }))).Item?.name?.S).toBe('Demo');
  // And again: nothing more to do.
  await ensureTables(client, prefix);
});
