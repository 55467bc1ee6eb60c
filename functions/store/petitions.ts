/**
 * Campaigns in the petitions table. A campaign's partition holds its text (sk META) and its counter
 * (sk COUNT), so one Query returns both.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure, unavailable } from '#lib/errors.ts';
import type { Petition } from '#domain/petition.ts';
import { counterItem, toStoredCount, type StoredCount } from './counts.ts';

const TableName = requireEnv('PETITIONS_TABLE');
const META = 'META';

interface PetitionItem extends Petition {
  pk: string;
  sk: typeof META;
  /** Set only while listed: the sparse byStatus index lists open campaigns. */
  listStatus?: 'open';
}

function fromItem(item: Record<string, unknown>): Petition {
  const { pk: _pk, sk: _sk, listStatus: _listStatus, ...petition } = item as unknown as PetitionItem;
  return petition;
}

/** The campaign alone: what the sign path needs (one GetItem, no counter). */
export async function getPetition(slug: string): Promise<Petition | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: slug, sk: META } }));
  return Item ? fromItem(Item) : undefined;
}

/** The campaign and its counter in one Query (the range COUNT..META holds exactly those two). */
export async function getPetitionWithCount(
  slug: string,
): Promise<{ petition: Petition; count: StoredCount } | undefined> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': slug, ':from': 'COUNT', ':to': META },
    }),
  );
  const meta = Items.find((item) => item.sk === META);
  if (!meta) return undefined;
  const counter = Items.find((item) => item.sk === 'COUNT');
  const count = counter ? toStoredCount(counter) : { count: 0, pending: 0, countries: {}, asOf: undefined };
  return { petition: fromItem(meta), count };
}

/** Open campaigns, newest first, with their counts (index query + one batch read of counters). */
export async function listOpenPetitions(limit = 50): Promise<{ petition: Petition; count: number }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'listStatus = :open',
      ExpressionAttributeValues: { ':open': 'open' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  if (Items.length === 0) return [];
  const petitions = Items.map(fromItem);
  const counts = new Map<string, number>();
  let keys: Record<string, unknown>[] | undefined = petitions.map((p) => ({ pk: p.slug, sk: 'COUNT' }));
  // BatchGet may return some keys unprocessed under load; ask again for those.
  for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
    const result: BatchGetCommandOutput = await documents.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ProjectionExpression: 'pk, #c', ExpressionAttributeNames: { '#c': 'count' } } } }),
    );
    for (const item of result.Responses?.[TableName] ?? []) counts.set(item.pk as string, Number(item.count ?? 0));
    keys = result.UnprocessedKeys?.[TableName]?.Keys;
  }
  return petitions.map((petition) => ({ petition, count: counts.get(petition.slug) ?? 0 }));
}

/** Creates a campaign and its zeroed counter together; false when the slug is taken. */
export async function createPetition(petition: Petition): Promise<boolean> {
  const item: PetitionItem = {
    ...petition,
    pk: petition.slug,
    sk: META,
    ...(petition.status === 'open' ? { listStatus: 'open' as const } : {}),
  };
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName, Item: counterItem(petition.slug, petition.createdAt) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      // Cancelled by a concurrent transaction or throttling: nothing was written; try again later.
      throw unavailable();
    }
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Every campaign, page by page (a Scan of META items). For daily jobs only: the petitions table
 * holds two small items per campaign, so this stays cheap.
 */
export async function* allPetitions(): AsyncGenerator<Petition> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName,
        FilterExpression: 'sk = :meta',
        ExpressionAttributeValues: { ':meta': META },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) yield fromItem(item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Records that the retention job erased this campaign's personal data (counts are kept). */
export async function markPersonalDataErased(slug: string, at: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName,
      Key: { pk: slug, sk: META },
      UpdateExpression: 'SET personalDataErasedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}
