/**
 * The share-card stream consumer with DynamoDB and S3 mocked: which records it acts on, what it writes
 * where (the card under c/<slug>/card.png with its type and cache time, then the CARD record on a
 * condition), that a card already showing the campaign draws nothing, and that a failed upload fails
 * the batch (so it is delivered again) without recording a drawing that was not published.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';

process.env.SITE_BUCKET ??= 'unit-site';
const { handler, campaignsOf } = await import('#streams/draw-share-cards.ts');
const { cardContent, cardText } = await import('#rules/share-card.ts');
const { isLanguage } = await import('#lib/language.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const SLUG = 'free-the-press';
const meta = { pk: SLUG, sk: 'META', status: 'open', language: 'ka', title: 'თავისუფალი პრესა', goal: 100, targets: [{ name: 'პარლამენტი' }], orgId: 'org-1' };
const record = (pk: string, sk: string, eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'MODIFY') => ({ eventName, dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } } } });
const event = (...records: ReturnType<typeof record>[]) => ({ Records: records }) as unknown as DynamoDBStreamEvent;

function stored(items: Record<string, unknown>[]) {
  ddb.on(BatchGetCommand).resolves({ Responses: { [process.env.PETITIONS_TABLE!]: items }, UnprocessedKeys: {} });
}

beforeEach(() => {
  ddb.reset();
  s3.reset();
  ddb.on(PutCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
});

describe('draw-share-cards', () => {
  it('names each public campaign of a batch once, and never a private draft, a removal or another item', () => {
    expect(
      campaignsOf(
        event(record(SLUG, 'META'), record(SLUG, 'COUNT'), record('DRAFT#org-1#secret', 'META', 'INSERT'), record('other', 'TIMELINE#2026-12-06T10'), record('gone', 'META', 'REMOVE'), record('b', 'COUNT')),
      ),
    ).toEqual([SLUG, 'b']);
  });

  it('draws a campaign with no card yet: the PNG to c/<slug>/card.png, then the CARD record on the condition that none exists', async () => {
    stored([meta, { pk: SLUG, sk: 'COUNT', count: 42, pending: 3 }]);
    await handler(event(record(SLUG, 'COUNT'), record(SLUG, 'META')), {} as never);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ Bucket: 'unit-site', Key: `c/${SLUG}/card.png`, ContentType: 'image/png', CacheControl: 'public, max-age=300' });
    const png = puts[0]!.Body as Uint8Array;
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const records = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ Item: { pk: SLUG, sk: 'CARD', count: 42 }, ConditionExpression: 'attribute_not_exists(pk)' });
    // The batch read is consistent: what the card shows is read afresh, not taken from the records.
    expect(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![process.env.PETITIONS_TABLE!]!.ConsistentRead).toBe(true);
  });

  it('draws nothing when the card shows the campaign as it is, nor for a draft', async () => {
    const text = cardText(cardContent(meta, 42, isLanguage)!);
    stored([meta, { pk: SLUG, sk: 'COUNT', count: 42 }, { pk: SLUG, sk: 'CARD', text, count: 42, renderedAt: Date.now() - 86_400_000 }]);
    await handler(event(record(SLUG, 'COUNT')), {} as never);
    stored([{ ...meta, status: 'draft' }]);
    await handler(event(record(SLUG, 'META')), {} as never);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a failed upload fails the batch, and no drawing is recorded', async () => {
    stored([meta, { pk: SLUG, sk: 'COUNT', count: 1 }]);
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    await expect(handler(event(record(SLUG, 'COUNT')), {} as never)).rejects.toThrow(/delivered again/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
