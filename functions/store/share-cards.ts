/**
 * What a campaign's share card needs, read in one consistent BatchGetItem of its partition: the
 * campaign (META), its counter (COUNT) and what its card last showed (CARD, written here only).
 *
 * The CARD item holds the card's text (title, target, goal, status and language, as one string; no
 * personal data), the count it showed and when it was drawn. It is written on a condition on the
 * drawing it replaces, so two drawings racing cannot put an older record over a newer one. It sorts
 * outside `COUNT..META` and `COSIGNER#..META`, so the public page's Query never reads it.
 */
import { BatchGetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import type { RenderedCard } from '#rules/share-card.ts';

const TableName = requireEnv('PETITIONS_TABLE');
const META = 'META';
const COUNT = 'COUNT';
const CARD = 'CARD';

/** The fields of a campaign a card shows or depends on. */
export interface CardCampaign {
  status: string;
  language?: string;
  title: string;
  goal: number;
  targets: { name: string; office?: string }[];
}

export interface CardInputs {
  campaign?: CardCampaign;
  /** Confirmed signatures (0 before the first is counted). */
  confirmed: number;
  last?: RenderedCard;
}

export async function readCardInputs(slug: string): Promise<CardInputs> {
  const keys = [META, COUNT, CARD].map((sk) => ({ pk: slug, sk }));
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = keys;
  for (let round = 0; pending && pending.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    if (round > 5) throw new Error('BatchGetItem left keys unprocessed');
    const result = await documents.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true } } }));
    items.push(...(result.Responses?.[TableName] ?? []));
    pending = result.UnprocessedKeys?.[TableName]?.Keys as Record<string, unknown>[] | undefined;
  }
  const bySk = new Map(items.map((item) => [item.sk as string, item]));
  const meta = bySk.get(META);
  const counter = bySk.get(COUNT);
  const card = bySk.get(CARD);
  return {
    ...(meta
      ? {
          campaign: {
            status: String(meta.status),
            ...(typeof meta.language === 'string' ? { language: meta.language } : {}),
            title: String(meta.title),
            goal: Number(meta.goal),
            targets: (meta.targets as CardCampaign['targets']) ?? [],
          },
        }
      : {}),
    confirmed: Number(counter?.count ?? 0),
    ...(card ? { last: { text: String(card.text), count: Number(card.count), renderedAt: Number(card.renderedAt) } } : {}),
  };
}

/** Every open campaign's slug, page by page of the sparse byStatus index (open campaigns only). */
export async function* openCampaignSlugs(): AsyncGenerator<string> {
  const pages = paginateQuery(
    { client: documents },
    { TableName, IndexName: 'byStatus', KeyConditionExpression: 'listStatus = :open', ExpressionAttributeValues: { ':open': 'open' }, ProjectionExpression: 'pk' },
  );
  for await (const page of pages) for (const item of page.Items ?? []) yield String(item.pk);
}

/**
 * Records a drawing, unless another drawing was recorded since `previous` (then false, and nothing
 * is written: the other one is as new or newer).
 */
export async function recordCard(slug: string, card: RenderedCard, previous: RenderedCard | undefined): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: { pk: slug, sk: CARD, ...card },
        ...(previous
          ? { ConditionExpression: 'renderedAt = :previous', ExpressionAttributeValues: { ':previous': previous.renderedAt } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
