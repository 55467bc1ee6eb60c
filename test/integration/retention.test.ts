/**
 * The retention job's two modes against DynamoDB Local (issue #14, item 1): a preview, as of now or of
 * any later day, leaves every table byte-identical; applying refuses a day that has not come and
 * erases what is due as of the real time; an open campaign is never touched, whatever day is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { rawItems, rawScan } from '../support/raw-items.ts';
import { campaignItem } from '../unit/fixtures.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const ahead = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const dueClosedAt = ago(40);
/** Each campaign, how it stands, and whether erasure is due at the real time. */
const campaigns = {
  // Closed 40 days ago, kept 30: due now.
  due: campaignItem('due-now', { status: 'closed', closedAt: dueClosedAt, retentionDays: 30, listStatus: undefined }),
  // Closed 10 days ago, kept 30: due in 20 days.
  later: campaignItem('due-later', { status: 'closed', closedAt: ago(10), retentionDays: 30, listStatus: undefined }),
  // Open, its deadline in 10 days: a preview 60 days on would see its deadline passed.
  deadline: campaignItem('open-deadline', { deadline: ahead(10), retentionDays: 30 }),
  // Open with no deadline, yet carrying a stale closedAt of long ago (as a hand-edited or older record
  // might): open is open, so nothing may be erased.
  stale: campaignItem('open-stale', { closedAt: ago(400), retentionDays: 30 }),
};

beforeAll(async () => {
  env = await useLocalTables();
  const [{ PutCommand }, { documents }, { seedSignatures }] = await Promise.all([
    import('@aws-sdk/lib-dynamodb'),
    import('#lib/clients.ts'),
    import('../support/seed-signatures.ts'),
  ]);
  for (const item of Object.values(campaigns)) {
    const stored = Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
    await documents.send(new PutCommand({ TableName: env.tables.PETITIONS_TABLE, Item: stored }));
    await seedSignatures({ slug: item.slug, shards: item.shards }, [
      { name: 'Ana Popescu', email: `ana.${item.slug}@example.org`, country: 'RO' },
      { name: 'Jan Novák', email: `jan.${item.slug}@example.org`, country: 'CZ' },
      { name: 'Never Confirmed', email: `never.${item.slug}@example.org`, country: 'LV', state: 'pending' },
    ]);
  }
}, 60_000);

afterAll(async () => {
  await env?.cleanup();
});

/** Every item of every table exactly as stored, in a stable order: what a byte comparison needs. */
async function dumpAll(): Promise<string> {
  const tables = await Promise.all(
    Object.entries(env.tables)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([name, table]) => [name, (await rawScan(table)).map((item) => JSON.stringify(item, Object.keys(item).sort())).sort()]),
  );
  return JSON.stringify(tables);
}

describe('the retention preview', () => {
  it('lists what is due now, with why and how many, and changes no byte of any table', async () => {
    const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
    const before = await dumpAll();
    const progress: string[] = [];
    const report = await eraseExpiredPersonalData({ mode: 'preview', onProgress: (p) => progress.push(`${p.slug}:${p.done}`) });
    expect(await dumpAll()).toBe(before);
    expect(report.campaigns).toEqual([
      {
        slug: 'due-now',
        reason: { cause: 'closed', closedSince: dueClosedAt, retentionDays: 30, dueAt: new Date(Date.parse(dueClosedAt) + 30 * DAY).toISOString() },
        signatures: 2,
        submissions: 1,
        pending: 1,
      },
    ]);
    // The open campaign with a stale closedAt would be due by that date alone: it is left apart.
    expect(report.stillOpen.map((c) => c.slug)).toEqual(['open-stale']);
    expect(report.checked).toBe(4);
    expect(progress).toEqual(['due-now:false', 'due-now:true']);
    // Nothing about a signer in what it says.
    const { describeRetention } = await import('../../infra/local/retention-cli.ts');
    const said = describeRetention(report).join('\n');
    expect(said).toContain('due-now');
    expect(said).not.toMatch(/Ana|Novák|@|example/);
  });

  it('as of a day a year ahead lists more, leaves open campaigns apart, and still changes no byte', async () => {
    const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
    const before = await dumpAll();
    const report = await eraseExpiredPersonalData({ mode: 'preview', now: new Date(ahead(365)) });
    expect(await dumpAll()).toBe(before);
    expect(report.campaigns.map((c) => c.slug).sort()).toEqual(['due-later', 'due-now']);
    expect(report.stillOpen.map((c) => c.slug).sort()).toEqual(['open-deadline', 'open-stale']);
    // No time in the future was written anywhere (nothing was written at all).
    expect(before).not.toContain('personalDataErasedAt');
  });
});

describe('applying', () => {
  it('refuses a day in the future and changes nothing', async () => {
    const { eraseExpiredPersonalData, FutureErasureRefused } = await import('#jobs/retention.ts');
    const before = await dumpAll();
    await expect(eraseExpiredPersonalData({ mode: 'apply', now: new Date(ahead(60)) })).rejects.toBeInstanceOf(FutureErasureRefused);
    expect(await dumpAll()).toBe(before);
  });

  it('erases what is due at the real time, writes no later time, and leaves every other campaign as it was', async () => {
    const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
    const untouched = async () => {
      const rows = await Promise.all(
        ['due-later', 'open-deadline', 'open-stale'].flatMap((slug) => [rawItems(env.tables.PETITIONS_TABLE!, slug), rawItems(env.tables.SIGNATURES_TABLE!, `${slug}#`)]),
      );
      return JSON.stringify(rows);
    };
    const others = await untouched();
    const started = Date.now();
    const report = await eraseExpiredPersonalData({ mode: 'apply' });
    const ended = Date.now();
    expect(report.campaigns).toMatchObject([{ slug: 'due-now', signatures: 2, submissions: 1, pending: 1 }]);
    expect(await untouched()).toBe(others);

    const [meta] = await rawItems(env.tables.PETITIONS_TABLE!, 'due-now').then((items) => items.filter((i) => i.sk === 'META'));
    const erasedAt = Date.parse(String(meta!.personalDataErasedAt));
    expect(erasedAt).toBeGreaterThanOrEqual(started);
    expect(erasedAt).toBeLessThanOrEqual(ended);
    const left = await rawItems(env.tables.SIGNATURES_TABLE!, 'due-now#');
    expect(left).toHaveLength(2);
    for (const item of left) {
      expect(item.sk).toMatch(/^erased#/);
      expect(item).not.toHaveProperty('pii');
      expect(Date.parse(String(item.erasedAt))).toBeLessThanOrEqual(ended);
    }
    // Still a draft or open, as before: the job never closes anything.
    expect((await rawItems(env.tables.PETITIONS_TABLE!, 'open-')).filter((i) => i.sk === 'META').map((i) => i.status)).toEqual(['open', 'open']);
  });
});
