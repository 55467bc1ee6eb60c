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
let getCount: typeof import('#store/counts.ts').getCount;


async function newCampaign(slug: string) {
  const { seedCampaign } = await import('../support/campaigns.ts');
  await seedCampaign(slug);
}

/** What the dashboard adds up to: confirmations over all hours and in the activity items, withdrawals over all days. */
async function dashboardTotals(slug: string) {
  const { timeline, recentActivity, withdrawalsByDay } = await import('#store/counts.ts');
  const hours = await timeline(slug, '');
  const activity = await recentActivity(slug, 1000);
  return {
    timeline: hours.reduce((n, h) => n + h.count, 0),
    confirmed: activity.reduce((n, a) => n + a.confirmed, 0),
    withdrawn: (await withdrawalsByDay(slug)).reduce((n, d) => n + d.count, 0),
  };
}

/** Reads the stream without counting: the records the test will deliver by hand. */
async function captureStream(): Promise<DynamoDBStreamEvent['Records']> {
  const captured: DynamoDBStreamEvent['Records'] = [];
  await env.poller(async (event) => void captured.push(...event.Records)).drain();
  return captured;
}

/**
 * Answers the new submissions by mail (the mailer reads the stream on its own cursor, as a second
 * Lambda would), then confirms every signature of a campaign through the links in the mailbox, as
 * signers would.
 */
async function confirmAll(slug: string) {
  const { readMailbox, linksIn } = await import('../support/mailbox.ts');
  const { confirm } = await import('#usecases/confirmation.ts');
  await mailer.drain();
  for (const message of await readMailbox(env.mailbox)) {
    const link = linksIn(message).confirm;
    if (link?.slug === slug) await confirm(slug, link.id, link.token);
  }
}

async function signMany(slug: string, from: number, to: number) {
  const { signDirect } = await import('../support/sign-direct.ts');
  for (let i = from; i < to; i++) await signDirect(slug, { name: `Signer ${i}`, email: `${slug}-${i}@example.org`, country: 'RO' });
}

let mailer: Awaited<ReturnType<typeof env.signatureStream>>['mailer'];

beforeAll(async () => {
  env = await useLocalTables();
  ({ handler: streamHandler } = await import('#streams/count-signatures.ts'));
  ({ mailer } = await env.signatureStream());
  ({ getCount } = await import('#store/counts.ts'));
});

afterAll(() => env?.cleanup());

describe('redelivered stream batches', () => {
  it('counts a batch once however often and however split it is delivered', async () => {
    await newCampaign('again');
    await signMany('again', 0, 20);
    await confirmAll('again');
    // Each signer: the submission's INSERT (pending) and MODIFY (answered by mail), the signature's
    // INSERT (confirmed) and the submission's MODIFY (used).
    const records = (await captureStream()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('again#'));
    expect(records).toHaveLength(80);

    await countHandler({ Records: records });
    expect(await getCount('again')).toMatchObject({ count: 20, pending: 0 });
    await countHandler({ Records: records });
    await countHandler({ Records: records.slice(0, 20) });
    await countHandler({ Records: records.slice(20) });
    expect(await getCount('again')).toMatchObject({ count: 20, pending: 0, countries: { RO: 20 } });
    // The dashboard's timeline and activity were written with the counter, hence once too.
    expect(await dashboardTotals('again')).toEqual({ timeline: 20, confirmed: 20, withdrawn: 0 });
  });

  it('adds to the timeline and the activity once when a batch with confirmations overlaps one already applied', async () => {
    await newCampaign('overlap-timeline');
    await signMany('overlap-timeline', 0, 10);
    await confirmAll('overlap-timeline');
    const records = (await captureStream()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('overlap-timeline#'));
    expect(records).toHaveLength(40);

    await countHandler({ Records: records.slice(0, 26) });
    await countHandler({ Records: records.slice(8) });
    await countHandler({ Records: records.slice(14, 30) });
    expect(await getCount('overlap-timeline')).toMatchObject({ count: 10, pending: 0 });
    expect(await dashboardTotals('overlap-timeline')).toEqual({ timeline: 10, confirmed: 10, withdrawn: 0 });
    // Every hour item is keyed by the hour the records carry.
    const { timeline } = await import('#store/counts.ts');
    const hours = await timeline('overlap-timeline', '');
    for (const { hour } of hours) expect(hour).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}$/);
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
    // The poller reads the stream from its start: earlier tests' records may fill the first batches,
    // so the crash is staged on the first batch that holds this campaign's records.
    const ours = (event: DynamoDBStreamEvent) => event.Records.filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('flaky#')).length;
    let crashed = false;
    let deliveredAgain = false;
    const poller = env.poller(async (event) => {
      // Apply, then fail: the worst case, a batch that was written but not acknowledged.
      await countHandler(event);
      if (ours(event) === 0) return;
      if (crashed) deliveredAgain = true;
      else {
        crashed = true;
        throw new Error('simulated crash after writing');
      }
    });
    poller.start();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !deliveredAgain) await new Promise((r) => setTimeout(r, 50));
    await poller.stop();
    expect(deliveredAgain).toBe(true);
    expect((await getCount('flaky'))?.pending).toBe(6);
  });
});
