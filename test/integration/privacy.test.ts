/**
 * What someone who dumps the tables, or reads the logs, learns about signers: nothing personal.
 * Real engines throughout (DynamoDB Local, the SES fake); logs captured at DEBUG level over a whole
 * sign → confirm → withdraw cycle; and the retention job erasing a closed campaign's personal data
 * while keeping its counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { signLikeBrowser } from '../support/signer.ts';
import { rawItems, rawScan } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let auth: Record<string, string>;
/** The organiser's own address, kept on purpose with their membership (the only one allowed in a dump). */
let organiserEmail: string;

/** Everything written to stdout and stderr while the test runs: where Lambda's logs would go. */
const captured: string[] = [];
const originalWrites = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

const signers = [
  { name: 'Ნინო Ბერიძე', email: 'nino.beridze@example.org', country: 'GE', comment: 'თავისუფლება!' },
  { name: 'Արամ Պետրոսյան', email: 'aram.petrosyan@example.org', country: 'AM', showName: true },
  { name: 'Олена Коваленко', email: 'olena.kovalenko@example.org', country: 'UA', comment: 'Свободу політвʼязням' },
];
/** Every piece of personal data the signers sent, and each name's parts on their own. */
const secrets = signers.flatMap((s) => [s.name, s.email, s.comment ?? '', ...s.name.split(' ')]).filter(Boolean);

beforeAll(async () => {
  env = await useLocalTables();
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  api = await startLocalApi();
  ({ drain } = (await env.signatureStream()).mailInBackground());
  const { newOrganisation } = await import('../support/organisers.ts');
  const organiser = await newOrganisation();
  auth = organiser.headers;
  organiserEmail = organiser.email;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrites.out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrites.err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
});

afterAll(async () => {
  process.stdout.write = originalWrites.out;
  process.stderr.write = originalWrites.err;
  await api?.close();
  await env?.cleanup();
});

const count = async (slug: string) => (await api.call('GET', `/api/campaigns/${slug}/count`)).json;

describe('a sign → confirm → withdraw cycle', () => {
  it('leaves no plaintext name, email or comment in any table, and none in the logs', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('private-letter', { publicSigners: true }), auth);
    const sent = new Date();
    for (const signer of signers) expect((await signLikeBrowser(api.call, 'private-letter', signer)).status).toBe(202);

    const links = [];
    for (const signer of signers) {
      const found = linksIn(await waitForMail(env.mailbox, { to: signer.email, after: sent }));
      links.push(found);
      const { confirm } = found;
      expect((await api.call('POST', `/api/campaigns/private-letter/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
    }
    await drain();
    expect(await count('private-letter')).toEqual({ count: 3, asOf: expect.any(String) });

    // The one signer who chose the public list appears as first name + initial, nothing more.
    expect((await api.call('GET', '/api/campaigns/private-letter/signers')).json.signers).toEqual([{ name: 'Արամ Պ.', country: 'AM' }]);

    const { withdraw } = links[2]!;
    expect((await api.call('POST', `/api/campaigns/private-letter/signatures/${withdraw!.id}/withdraw`, { token: withdraw!.token })).status).toBe(200);
    await drain();
    expect(await count('private-letter')).toMatchObject({ count: 2 });

    // The raw tables, as a dump would hold them.
    const dump = JSON.stringify(await Promise.all(Object.values(env.tables).map((table) => rawScan(table))));
    expect(dump).toContain('private-letter'); // the dump is not vacuous
    for (const secret of secrets) {
      // The listed signer's first name is public by their choice; every other piece must be absent.
      if (secret === 'Արամ') continue;
      expect(dump, `table dump contains "${secret}"`).not.toContain(secret);
    }
    // No signer's address of any kind in clear: the only @ would be in an email.
    expect(dump.replaceAll(organiserEmail, '')).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    // Nor the address they signed from (sealed in the submission until the mailer used it, then dropped).
    expect(dump).not.toContain('127.0.0.1');
    // Each confirmed signature: sealed fields and a token hash, never the token itself.
    const stored = await rawItems(env.tables.SIGNATURES_TABLE!, 'private-letter#');
    const signatures = stored.filter((item) => item.status === 'confirmed');
    expect(signatures).toHaveLength(2);
    for (const item of signatures) {
      expect(Object.values(item.pii as Record<string, string>).every((v) => v.startsWith('v1.'))).toBe(true);
      expect(item.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const { confirm } of links) expect(dump).not.toContain(confirm!.token);

    // The logs of the whole cycle: something was logged, nothing personal was.
    const logs = captured.join('');
    expect(logs).toContain('batch counted');
    for (const secret of secrets) expect(logs, `logs contain "${secret}"`).not.toContain(secret);
    expect(logs).not.toMatch(/[\w.+-]+@example\.org/);
    for (const { confirm } of links) expect(logs).not.toContain(confirm!.token);
  });
});

describe('retention', () => {
  it('erases personal data of a campaign closed longer than its retention period, and keeps its counts', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('retained', { publicSigners: true, retentionDays: 30 }), auth);
    const sent = new Date();
    const people = [
      { name: 'Ana Popescu', email: 'ana.popescu@example.org', country: 'RO', showName: true },
      { name: 'Jan Novák', email: 'jan.novak@example.org', country: 'CZ' },
      { name: 'Never Confirmed', email: 'never.confirmed@example.org', country: 'LV' },
    ];
    for (const person of people) await signLikeBrowser(api.call, 'retained', person);
    for (const person of people.slice(0, 2)) {
      const { confirm } = linksIn(await waitForMail(env.mailbox, { to: person.email, after: sent }));
      await api.call('POST', `/api/campaigns/retained/signatures/${confirm!.id}/confirm`, { token: confirm!.token });
    }
    await drain();
    expect(await count('retained')).toMatchObject({ count: 2 });
    const { getCount } = await import('#store/counts.ts');
    expect(await getCount('retained')).toMatchObject({ count: 2, pending: 1 });

    // Close it (as an organiser will, with #4's editor): 10 days ago.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documents } = await import('#lib/clients.ts');
    const closedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await documents.send(
      new UpdateCommand({
        TableName: env.tables.PETITIONS_TABLE,
        Key: { pk: 'retained', sk: 'META' },
        UpdateExpression: 'SET #s = :closed, closedAt = :at REMOVE listStatus',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':at': closedAt },
      }),
    );

    const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
    // Within the period: nothing happens.
    expect((await eraseExpiredPersonalData({ mode: 'apply' })).campaigns.map((c) => c.slug)).not.toContain('retained');
    // The two signatures and the unconfirmed submission still hold sealed personal data.
    expect((await rawItems(env.tables.SIGNATURES_TABLE!, 'retained#')).filter((i) => i.pii && i.status !== 'used')).toHaveLength(3);

    // 21 days on (the job's clock says so), the 30 days since closing have passed.
    const later = new Date(Date.now() + 21 * 86_400_000);
    const report = await eraseExpiredPersonalData({ mode: 'apply', clock: () => later });
    // Deleted: the unconfirmed submission and the two spent ones the signatures were confirmed from.
    expect(report.campaigns.find((c) => c.slug === 'retained')).toMatchObject({ slug: 'retained', signatures: 2, submissions: 3, pending: 1 });
    await drain();

    // Two anonymous signatures, under random keys: the submissions are gone, and so are the keyed
    // hashes and link hashes that tied a record to an email.
    const items = await rawItems(env.tables.SIGNATURES_TABLE!, 'retained#');
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['confirmedOn', 'country', 'erasedAt', 'pk', 'sk', 'slug', 'status', 'textVersion']);
      expect(item.sk).toMatch(/^erased#/);
      expect(item).toMatchObject({ status: 'confirmed', erasedAt: later.toISOString() });
    }
    const dump = JSON.stringify(items);
    for (const p of people) for (const piece of [p.email, ...p.name.split(' ')]) expect(dump).not.toContain(piece);
    // Even with HASH_KEY, no signer id of theirs leads anywhere.
    const { signerId } = await import('#rules/signature-keys.ts');
    for (const p of people) expect(JSON.stringify(await rawScan(env.tables.SIGNATURES_TABLE!))).not.toContain(signerId(process.env.HASH_KEY!, 'retained', p.email));
    // Counts stay as delivered; the unconfirmed one is no longer pending.
    expect(await getCount('retained')).toMatchObject({ count: 2, pending: 0, countries: { RO: 1, CZ: 1 } });
    expect((await api.call('GET', '/api/campaigns/retained/signers')).status).toBe(404);

    // Running again finds nothing more to do.
    expect((await eraseExpiredPersonalData({ mode: 'apply', clock: () => later })).campaigns.map((c) => c.slug)).not.toContain('retained');
  });
});
