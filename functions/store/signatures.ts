/**
 * Signatures, write-sharded: partition `<slug>#<nn>`, sort key the keyed hash of the email. The sign
 * path does a single conditional PutItem: no read, no counter update (the stream does the counting).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';

const TableName = requireEnv('SIGNATURES_TABLE');

export interface SignatureItem {
  pk: string;
  sk: string;
  slug: string;
  status: 'signed';
  name: string;
  email: string;
  country: string;
  comment?: string;
  createdAt: string;
}

/** Writes a signature unless this signer already signed: 'duplicate' then, and nothing changes. */
export async function putSignature(item: SignatureItem): Promise<'created' | 'duplicate'> {
  try {
    await documents.send(
      new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'duplicate';
    throw error;
  }
}

/** Every item of one signature partition, page by page, with only the attributes asked for. */
export async function* signaturesIn(pk: string, attributes: string[]): AsyncGenerator<Record<string, unknown>> {
  const names = Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        ExclusiveStartKey,
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
