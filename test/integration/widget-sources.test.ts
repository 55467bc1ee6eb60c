/**
 * Signatures from the embeddable widget are counted per source on the real engine: through the stream,
 * on a counter made before sources existed (no `sources` map yet), exactly once under redelivery.
 */
import { UpdateCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { linksIn, readMailbox } from '../support/mailbox.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;

beforeAll(async () => {
  env = await useLocalTables();
});

afterAll(() => env?.cleanup());


describe('widget sources', () => {
  it('counts confirmed signatures per source on an older counter, once however often a batch comes', async () => {
    const slug = 'sourced';
    const { seedCampaign } = await import('../support/campaigns.ts');
    await seedCampaign(slug);
    // A counter from before sources existed.
    const documents = DynamoDBDocumentClient.from(env.client);
    await documents.send(new UpdateCommand({ TableName: env.tables.PETITIONS_TABLE, Key: { pk: slug, sk: 'COUNT' }, UpdateExpression: 'REMOVE sources' }));

    const { signDirect } = await import('../support/sign-direct.ts');
    const { confirm } = await import('#usecases/confirmation.ts');
    const base = { country: 'GE' };
    await signDirect(slug, { ...base, name: 'Nino Beridze', email: 'nino@example.org', source: { host: 'partner.example.org', tag: 'spring' } });
    await signDirect(slug, { ...base, name: 'Levan Abashidze', email: 'levan@example.org', source: { host: 'partner.example.org', tag: 'spring' } });
    await signDirect(slug, { ...base, name: 'Ani Hakobyan', email: 'ani@example.org', source: { host: 'other.example.net' } });
    await signDirect(slug, { ...base, name: 'Sona Petrosyan', email: 'sona@example.org' });
    await (await env.signatureStream()).mailer.drain();
    // Three of four confirm; the unconfirmed widget signature must not count.
    for (const message of await readMailbox(env.mailbox)) {
      const link = linksIn(message).confirm;
      if (link && !message.destination.to.includes('ani@example.org')) await confirm(slug, link.id, link.token);
    }

    const { handler } = await import('#streams/count-signatures.ts');
    const records: DynamoDBStreamEvent['Records'] = [];
    await env.poller(async (event) => void records.push(...event.Records)).drain();
    const mine = records.filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith(`${slug}#`));
    await handler({ Records: mine }, {} as Context);
    await handler({ Records: mine }, {} as Context);

    const { getCount } = await import('#store/counts.ts');
    const count = await getCount(slug);
    expect(count).toMatchObject({ count: 3, pending: 1, sources: { 'partner.example.org#spring': 2 } });
    const { dashboardSources } = await import('#usecases/campaigns.ts');
    expect(dashboardSources(count!.count, count!.sources ?? {})).toEqual({ direct: 1, 'partner.example.org#spring': 2 });
  });
});
