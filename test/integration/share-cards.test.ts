/**
 * Share cards over the local stack (issue #17, item 2): the petitions table's stream, read by the
 * same poller and handler as in `npm start`, draws a campaign's card into the local site bucket, and
 * the local server answers `GET /c/<slug>/card.png` from it. The pollers are driven by hand (drain),
 * so each step is one stream run.
 *
 * Tried from outside: drafts (public-slug and private) get no card; a redelivered batch and a change
 * the card does not show draw nothing; the count alone redraws only past the throttle (time passing is
 * the CARD item's drawing time moved back); a title change redraws at once; a raw dump of the table's
 * CARD items holds no signer's name or address; odd paths find no card.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { seedCampaign } from '../support/campaigns.ts';
import { seedSignatures, type SeedSigner } from '../support/seed-signatures.ts';

let stack: LocalStack;
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-cards-'));
const SLUG = 'kartuli-card';
const TITLE = 'გაათავისუფლეთ ნადია და ლევანი';

beforeAll(async () => {
  stack = await startLocalStack({ localDir, port: 0, inMemory: true });
  // Each step below is one run of the streams, by hand.
  await Promise.all([stack.pollers['count-signatures']!.stop(), stack.pollers['draw-share-cards']!.stop()]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(localDir, { recursive: true, force: true });
});

const documents = async () => (await import('#lib/clients.ts')).documents;
const table = () => process.env.PETITIONS_TABLE!;

async function cardItem(slug: string) {
  const { Item } = await (await documents()).send(new GetCommand({ TableName: table(), Key: { pk: slug, sk: 'CARD' }, ConsistentRead: true }));
  return Item as { text: string; count: number; renderedAt: number } | undefined;
}

async function getCard(path: string) {
  const response = await fetch(`${stack.app}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Polls a stream until three passes in a row find nothing: a shard's first page (from its trim
 * horizon, or a new shard) may be empty while records follow, so one empty pass is not the end.
 */
async function settle(name: string): Promise<void> {
  const poller = stack.pollers[name]!;
  for (let quiet = 0, passes = 0; quiet < 3; passes++) {
    if (passes > 200) throw new Error(`${name} did not settle`);
    quiet = (await poller.pollOnce()) === 0 ? quiet + 1 : 0;
  }
}
const drawCards = () => settle('draw-share-cards');
const count = () => settle('count-signatures');

let serial = 0;
const signers = (n: number): SeedSigner[] =>
  Array.from({ length: n }, () => ({ name: `ნინო ბერიძე ${++serial}`, email: `nino.card${serial}@example.org`, country: 'GE' }));

describe('share cards over the local stack', () => {
  let first: Buffer;

  it('an opened campaign\'s card appears at /c/<slug>/card.png after its stream run; drafts get none', async () => {
    await seedCampaign(SLUG, { language: 'ka', title: TITLE, targets: [{ name: 'საქართველოს პრეზიდენტი' }], goal: 10 });
    await seedCampaign('public-draft', { status: 'draft', title: 'A draft under its slug' });
    await seedCampaign('hidden-draft', { status: 'draft', privateDraft: true, orgId: 'another-org', title: 'A private draft' });
    expect((await getCard(`/c/${SLUG}/card.png`)).status).toBe(404);
    await drawCards();
    const card = await getCard(`/c/${SLUG}/card.png`);
    expect(card.status).toBe(200);
    expect(card.type).toBe('image/png');
    expect(card.cache).toBe('public, max-age=300');
    expect(card.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([card.body.readUInt32BE(16), card.body.readUInt32BE(20)]).toEqual([1200, 630]);
    first = card.body;
    expect(await cardItem(SLUG)).toMatchObject({ count: 0 });
    for (const slug of ['public-draft', 'hidden-draft']) {
      expect((await getCard(`/c/${slug}/card.png`)).status).toBe(404);
      expect(await cardItem(slug)).toBeUndefined();
    }
  });

  it('a redelivered batch, and a change the card does not show, draw nothing', async () => {
    const before = await cardItem(SLUG);
    const { handler } = await import('../../functions/streams/draw-share-cards.ts');
    const record = (sk: string) => ({ eventName: 'MODIFY' as const, dynamodb: { Keys: { pk: { S: SLUG }, sk: { S: sk } } } });
    await handler({ Records: [record('META'), record('COUNT'), record('META')] }, {} as never);
    await (await documents()).send(
      new UpdateCommand({ TableName: table(), Key: { pk: SLUG, sk: 'META' }, UpdateExpression: 'SET publicSigners = :t', ExpressionAttributeValues: { ':t': true } }),
    );
    await drawCards();
    expect(await cardItem(SLUG)).toEqual(before);
    expect((await getCard(`/c/${SLUG}/card.png`)).body.equals(first)).toBe(true);
  });

  it('the count moving within the throttle draws nothing; past it, the card shows the new count', async () => {
    const before = await cardItem(SLUG);
    await seedSignatures({ slug: SLUG, shards: 16 }, signers(4));
    await count();
    await drawCards();
    expect(await cardItem(SLUG)).toEqual(before);
    expect((await getCard(`/c/${SLUG}/card.png`)).body.equals(first)).toBe(true);

    // Six minutes pass (the throttle is five): the last drawing is dated back.
    await (await documents()).send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: SLUG, sk: 'CARD' },
        UpdateExpression: 'SET renderedAt = :then',
        ExpressionAttributeValues: { ':then': before!.renderedAt - 6 * 60_000 },
      }),
    );
    await seedSignatures({ slug: SLUG, shards: 16 }, signers(1));
    await count();
    await drawCards();
    const after = await cardItem(SLUG);
    expect(after).toMatchObject({ count: 5, text: before!.text });
    expect(after!.renderedAt).toBeGreaterThan(before!.renderedAt - 60_000);
    const card = await getCard(`/c/${SLUG}/card.png`);
    expect(card.status).toBe(200);
    expect(card.body.equals(first)).toBe(false);
  });

  it('what the throttle held back, with no move after it, is drawn by the scheduled job once the throttle has passed', async () => {
    const before = await cardItem(SLUG);
    const shown = (await getCard(`/c/${SLUG}/card.png`)).body;
    await seedSignatures({ slug: SLUG, shards: 16 }, signers(2));
    await count();
    await drawCards();
    expect(await cardItem(SLUG)).toEqual(before); // throttled, and nothing moves after it
    const { handler: job } = await import('../../functions/jobs/refresh-share-cards.ts');
    await job({}, {} as never);
    expect(await cardItem(SLUG)).toEqual(before); // still within the throttle
    await (await documents()).send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: SLUG, sk: 'CARD' },
        UpdateExpression: 'SET renderedAt = :then',
        ExpressionAttributeValues: { ':then': before!.renderedAt - 6 * 60_000 },
      }),
    );
    await job({}, {} as never);
    expect(await cardItem(SLUG)).toMatchObject({ count: 7 });
    expect((await getCard(`/c/${SLUG}/card.png`)).body.equals(shown)).toBe(false);
    // Drafts stay without a card however often it runs.
    for (const slug of ['public-draft', 'hidden-draft']) expect((await getCard(`/c/${slug}/card.png`)).status).toBe(404);
  });

  it('a title change draws again at once, within the throttle', async () => {
    const before = await cardItem(SLUG);
    const shown = (await getCard(`/c/${SLUG}/card.png`)).body;
    await (await documents()).send(
      new UpdateCommand({ TableName: table(), Key: { pk: SLUG, sk: 'META' }, UpdateExpression: 'SET title = :t', ExpressionAttributeValues: { ':t': 'Ազատություն քաղբանտարկյալներին' } }),
    );
    await drawCards();
    const after = await cardItem(SLUG);
    expect(after!.text).not.toBe(before!.text);
    expect(after!.text).toContain('Ազատություն');
    expect((await getCard(`/c/${SLUG}/card.png`)).body.equals(shown)).toBe(false);
  });

  it('the CARD items name no signer; odd paths find no card', async () => {
    const dump = JSON.stringify(await cardItem(SLUG));
    expect(dump).not.toMatch(/ნინო|nino\.card|example\.org/);
    for (const path of [`/c/${SLUG.toUpperCase()}/card.png`, `/c/${SLUG}/card.png/`, '/c/x/card.png', `/c/${SLUG}/card.svg`, '/c/%2e%2e/card.png', `/c/${SLUG}%2fcard.png`]) {
      const { status } = await getCard(path);
      expect({ path, status }).toEqual({ path, status: 404 });
    }
  });
});
