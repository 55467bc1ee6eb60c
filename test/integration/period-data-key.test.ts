/**
 * Issue #16 item 5: one data key per period, shared by every sealing function through its item in the
 * signals table (functions/crypto/data-keys.ts, functions/crypto/data-key-periods.ts), against the real
 * local engines. From a raw dump after one person signs two campaigns: every record of the period
 * carries the period item's wrapped key, the item holds nothing else of note, and no other value
 * repeats between the two signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, readMailbox } from '../support/mailbox.ts';
import { solvedChallenge } from '../support/signer.ts';
import { rawScan } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let auth: Record<string, string>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  const stream = await env.signatureStream();
  stream.mailInBackground();
  const { newOrganisation } = await import('../support/organisers.ts');
  auth = (await newOrganisation()).headers;
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

async function mailAbout(slug: string, email: string) {
  for (let i = 0; i < 200; i++) {
    const mine = (await readMailbox(env.mailbox)).filter((m) => m.destination.to.includes(email) && linksIn(m).confirm?.slug === slug);
    if (mine.length > 0) return mine.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${email} about ${slug}`);
}

async function signAndConfirm(slug: string, signer: Record<string, unknown>) {
  const answer = await api.call('POST', `/api/petitions/${slug}/signatures`, { ...signer, altcha: await solvedChallenge(api.call) });
  expect(answer.status).toBe(202);
  const { confirm } = linksIn(await mailAbout(slug, String(signer.email)));
  expect((await api.call('POST', `/api/petitions/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
}

describe("one data key per period, in the signals table's period item", () => {
  it("seals both of one person's signatures under the period item's key, and nothing else repeats between them", async () => {
    for (const slug of ['period-a', 'period-b']) expect((await api.call('POST', '/api/org/campaigns', campaign(slug), auth)).status).toBe(201);
    const person = { name: 'Tamar Gelashvili', email: 'tamar.g@example.org', country: 'GE', comment: 'Solidarity' };
    await signAndConfirm('period-a', person);
    await signAndConfirm('period-b', { ...person, showName: true });

    const records = (await rawScan(env.tables.SIGNATURES_TABLE!)).filter((item) => /^period-[ab]#/.test(item.pk?.S ?? ''));
    const sealed = records.filter((item) => item.dataKey?.S);
    expect(sealed.length).toBeGreaterThanOrEqual(2);
    const periodItems = (await rawScan(env.tables.SIGNALS_TABLE!)).filter((item) => item.pk?.S?.startsWith('data-key#'));
    expect(periodItems.length).toBeGreaterThanOrEqual(1);

    // Each period item: its key, its period, the key's two wrappings, its expiry an hour after its period.
    for (const item of periodItems) {
      expect(Object.keys(item).sort()).toEqual(['expiresAt', 'period', 'pk', 'sealedKey', 'sk', 'wrapped']);
      const period = item.period!.S!;
      expect(item.pk!.S).toBe(`data-key#${period}`);
      expect(Number(item.expiresAt!.N)).toBe(Date.parse(`${period}:00Z`) / 1000 + 15 * 60 + 3600);
    }
    // Every record carries the wrapped key of the period it was made in (one value a period).
    const byPeriod = new Map(periodItems.map((item) => [item.period!.S!, item.wrapped!.S!]));
    for (const record of sealed) {
      const made = Date.parse(record.createdAt!.S!);
      const period = new Date(made - (made % (15 * 60 * 1000))).toISOString().slice(0, 16);
      expect(record.dataKey!.S).toBe(byPeriod.get(period));
    }

    // No value repeats between the two campaigns' items but the period's key, the values any two
    // signatures share by nature (state, country, language…) and times.
    const SHARED_BY_NATURE = ['status', 'country', 'slug', 'lang', 'answered', 'showName', 'textVersion'];
    const valuesOf = (slug: string) => {
      const values = new Map<string, string>();
      for (const item of records.filter((i) => i.pk!.S!.startsWith(`${slug}#`))) {
        for (const [name, value] of Object.entries(item)) {
          if (SHARED_BY_NATURE.includes(name)) continue;
          const strings: [string, string][] = value.M ? Object.entries(value.M).map(([field, inner]) => [`${name}.${field}`, inner.S ?? '']) : [[name, value.S ?? '']];
          for (const [where, text] of strings) if (text.length >= 16) values.set(text.replace(/^[^#]+#/, ''), where);
        }
      }
      return values;
    };
    const [a, b] = [valuesOf('period-a'), valuesOf('period-b')];
    expect(a.size).toBeGreaterThan(3);
    const repeated = [...a].filter(([value]) => b.has(value) && !/^\d{4}-\d{2}-\d{2}T/.test(value)).map(([, where]) => where);
    expect(new Set(repeated)).toEqual(new Set(sealed.every((r) => r.dataKey!.S === sealed[0]!.dataKey!.S) ? ['dataKey'] : []));
  });
});
