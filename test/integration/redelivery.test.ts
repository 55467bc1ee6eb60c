/**
 * Stream redelivery against DynamoDB Local's real stream records: whole batches again, halves of a
 * batch again (Lambda's bisect-on-error), a batch that overlaps one already applied, and a failing
 * handler whose batch the poller must deliver again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { useLocalTables } from '../support/local-tables.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let streamHandler: typeof import('#streams/count-signatures.ts').handler;
const countHandler = (event: DynamoDBStreamEvent) => streamHandler(event, {} as Context);
let sign: typeof import('#domain/signing.ts').sign;
let getCount: typeof import('#store/counts.ts').getCount;

const now = new Date().toISOString();

async function newCampaign(slug: string) {
  const { createPetition } = await import('#store/petitions.ts');
  await createPetition({
    slug, kind: 'letter', title: 'T', text: 'T', targets: [{ name: 'The President' }],
    goal: 100, status: 'open', publicSigners: false, retentionDays: 90, shards: 16, createdAt: now, updatedAt: now,
  });
}

/** Reads the stream without counting: the records the test will deliver by hand. */
async function captureStream(): Promise<DynamoDBStreamEvent['Records']> {
  const captured: DynamoDBStreamEvent['Records'] = [];
  await env.poller(async (event) => void captured.push(...event.Records)).drain();
  return captured;
}

/** Confirms every signature of a campaign through the links in the mailbox, as signers would. */
async function confirmAll(slug: string) {
  const { readMailbox, linksIn } = await import('../support/mailbox.ts');
  const { confirm } = await import('#domain/confirmation.ts');
  for (const message of await readMailbox(env.mailbox)) {
    const link = linksIn(message).confirm;
    if (link?.slug === slug) await confirm(slug, link.id, link.token);
  }
}

const signingConfig = () => ({ hashKey: process.env.HASH_KEY!, siteUrl: process.env.SITE_URL!, confirmTtlDays: 7 });

async function signMany(slug: string, from: number, to: number) {
  for (let i = from; i < to; i++) {
    await sign(slug, { name: `Signer ${i}`, email: `${slug}-${i}@example.org`, country: 'RO', showName: false, altcha: '' }, signingConfig());
  }
}

beforeAll(async () => {
  env = await useLocalTables();
  ({ handler: streamHandler } = await import('#streams/count-signatures.ts'));
  ({ sign } = await import('#domain/signing.ts'));
  ({ getCount } = await import('#store/counts.ts'));
});

afterAll(() => env?.cleanup());

describe('redelivered stream batches', () => {
  it('counts a batch once however often and however split it is delivered', async () => {
    await newCampaign('again');
    await signMany('again', 0, 20);
    await confirmAll('again');
    // Each signer: an INSERT (pending) and a MODIFY (confirmed).
    const records = (await captureStream()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('again#'));
    expect(records).toHaveLength(40);

    await countHandler({ Records: records });
    expect(await getCount('again')).toMatchObject({ count: 20, pending: 0 });
    await countHandler({ Records: records });
    await countHandler({ Records: records.slice(0, 20) });
    await countHandler({ Records: records.slice(20) });
    expect(await getCount('again')).toMatchObject({ count: 20, pending: 0, countries: { RO: 20 } });
  });

  it('applies only the new part of a batch that overlaps one already applied', async () => {
    await newCampaign('overlap');
    await signMany('overlap', 0, 30);
    const records = (await captureStream()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('overlap#'));
    expect(records).toHaveLength(30);

    await countHandler({ Records: records.slice(0, 15) });
    expect((await getCount('overlap'))?.pending).toBe(15);
    await countHandler({ Records: records.slice(5, 30) });
    expect((await getCount('overlap'))?.pending).toBe(30);
  });

  it('counts campaigns in one batch independently when one of them fails and the batch comes again', async () => {
    await newCampaign('left');
    await newCampaign('right');
    await signMany('left', 0, 5);
    await signMany('right', 0, 7);
    const records = await captureStream();

    // First delivery: only "left" gets through (as if "right"'s write had failed), then the whole batch again.
    await countHandler({ Records: records.filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('left#')) });
    await countHandler({ Records: records });
    expect((await getCount('left'))?.pending).toBe(5);
    expect((await getCount('right'))?.pending).toBe(7);
  });

  it('removal of an unconfirmed signature (as by TTL) lowers pending once', async () => {
    await newCampaign('removal');
    await signMany('removal', 0, 4);
    const { DeleteItemCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
    const { Items = [] } = await env.client.send(new ScanCommand({ TableName: env.tables.SIGNATURES_TABLE }));
    const victim = Items.find((item) => item.pk?.S?.startsWith('removal#'))!;
    await env.client.send(new DeleteItemCommand({ TableName: env.tables.SIGNATURES_TABLE, Key: { pk: victim.pk!, sk: victim.sk! } }));

    const records = (await captureStream()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('removal#'));
    await countHandler({ Records: records });
    await countHandler({ Records: records });
    expect(await getCount('removal')).toMatchObject({ count: 0, pending: 3 });
  });

  it('the poller delivers a failed batch again until the handler succeeds', async () => {
    await newCampaign('flaky');
    await signMany('flaky', 0, 6);
    let calls = 0;
    const poller = env.poller(async (event) => {
      calls++;
      // Apply, then fail: the worst case, a batch that was written but not acknowledged.
      await countHandler(event);
      if (calls === 1) throw new Error('simulated crash after writing');
    });
    poller.start();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && calls < 2) await new Promise((r) => setTimeout(r, 50));
    await poller.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect((await getCount('flaky'))?.pending).toBe(6);
  });
});
