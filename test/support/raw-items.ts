/**
 * For integration tests: the items of a table exactly as stored, read with the low-level client (no
 * document-client conversion), i.e. what someone who dumped the table would hold.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

export async function rawScan(tableName: string): Promise<Record<string, AttributeValue>[]> {
  const client = new DynamoDBClient({});
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items;
}

/** The stored items whose partition key starts with `prefix`, as plain objects. */
export async function rawItems(tableName: string, prefix = ''): Promise<Record<string, unknown>[]> {
  return (await rawScan(tableName)).map((item) => unmarshall(item)).filter((item) => String(item.pk).startsWith(prefix));
}
