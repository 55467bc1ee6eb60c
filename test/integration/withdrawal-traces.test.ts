/**
 * What the dashboard's stored figures say about a withdrawal (issue #13 item 7): privacy.md promises
 * that someone who dumps the tables learns when a signer withdrew only to the day, and not from which
 * country. Real engines: signers sign and confirm through the mailed links, withdraw through the real
 * withdraw route, and the signatures stream is counted by the real consumer; then the campaign's items
 * in the petitions table are dumped raw, before and after, and compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail, type SignatureLink } from '../support/mailbox.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { rawItems } from '../support/raw-items.ts';
import { signLikeBrowser } from '../support/signer.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let owner: TestOrganiser;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  // The mail from the stream's follower, running as in the stacks; the counter drained by the tests.
  ({ drain } = (await env.signatureStream()).mailInBackground());
  owner = await newOrganisation('Coalition for Defenders');
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

type Signer = { name: string; email: string; country: string };

/** Signs and follows the confirmation link; returns the withdraw link from the same mail. */
async function signAndConfirm(slug: string, signer: Signer): Promise<SignatureLink> {
  const sent = new Date();
  expect((await signLikeBrowser(api.call, slug, signer)).status).toBe(202);
  const { confirm, withdraw } = linksIn(await waitForMail(env.mailbox, { to: signer.email, after: sent }));
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
  return withdraw!;
}

async function withdraw(slug: string, link: SignatureLink) {
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${link.id}/withdraw`, { token: link.token })).status).toBe(200);
}

/** The campaign's items in the petitions table, exactly as stored, by sort key. */
async function dump(slug: string): Promise<Map<string, Record<string, unknown>>> {
  const items = (await rawItems(env.tables.PETITIONS_TABLE!, slug)).filter((item) => item.pk === slug);
  return new Map(items.map((item) => [String(item.sk), item]));
}

/** What a withdrawal may change on the counter: the totals and the stream watermarks (see data-model.md). */
const COUNTER_TOTALS = new Set(['count', 'countries', 'wm']);

/** Items that are new, and the attributes that changed, between two dumps (the counter's totals left out). */
function changes(before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>) {
  const changed: { sk: string; attributes: Record<string, unknown> }[] = [];
  for (const [sk, item] of after) {
    const old = before.get(sk);
    const attributes = Object.fromEntries(
      Object.entries(item).filter(([name, value]) => {
        if (old && JSON.stringify(old[name]) === JSON.stringify(value)) return false;
        return !(sk === 'COUNT' && COUNTER_TOTALS.has(name));
      }),
    );
    if (!old || Object.keys(attributes).length > 0) changed.push({ sk, attributes });
  }
  return changed;
}

/** Every moment finer than a day an item holds, in its key or any value: ISO times, hours, epoch numbers. */
function momentsIn(value: unknown): number[] {
  const found: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?/g)) {
        const text = m[0].length === 13 ? `${m[0]}:00:00Z` : m[0].endsWith('Z') ? m[0] : `${m[0]}Z`;
        found.push(Date.parse(text));
      }
    } else if (typeof v === 'number') {
      // Epoch seconds or milliseconds (a TTL, a timestamp).
      if (v > 1e9 && v < 1e10) found.push(v * 1000);
      else if (v > 1e12 && v < 1e13) found.push(v);
    } else if (v && typeof v === 'object') for (const inner of Object.values(v)) walk(inner);
  };
  walk(value);
  return found;
}

/** Waits until the next whole second has begun: stream records carry their time in whole seconds. */
async function nextSecond(): Promise<number> {
  const boundary = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await new Promise((r) => setTimeout(r, boundary - Date.now() + 50));
  return boundary;
}

describe('a withdrawal, as the dashboard stores it', () => {
  it('leaves no time finer than the day and no country: only a per-day figure and the totals move', async () => {
    const slug = 'withdrawn-alone';
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug), owner.headers)).status).toBe(201);
    // The signer who will withdraw is the campaign's only one from Moldova.
    const leaving = await signAndConfirm(slug, { name: 'Ion Popa', email: 'ion@example.org', country: 'MD' });
    await signAndConfirm(slug, { name: 'Ნინო Ბერიძე', email: 'nino@example.org', country: 'GE' });
    await signAndConfirm(slug, { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' });
    await drain();
    const before = await dump(slug);

    await nextSecond();
    await withdraw(slug, leaving);
    await drain();
    const after = await dump(slug);
    expect(after.get('COUNT')).toMatchObject({ count: 2 });

    const changed = changes(before, after);
    const today = new Date().toISOString().slice(0, 10);
    // What moved: one figure for the UTC day, and nothing else (not even the counter's updatedAt).
    expect(changed).toEqual([{ sk: `WITHDRAWALS#${today}`, attributes: { pk: slug, sk: `WITHDRAWALS#${today}`, day: today, count: 1 } }]);
    for (const { sk, attributes } of changed) {
      expect(momentsIn({ sk, attributes }), sk).toEqual([]);
      expect(JSON.stringify({ sk, attributes }), sk).not.toContain('MD');
    }
  });

  it('a batch that confirms one signer and withdraws another keeps only the confirmation’s time and country', async () => {
    const slug = 'withdrawn-with-others';
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug), owner.headers)).status).toBe(201);
    const leaving = await signAndConfirm(slug, { name: 'Ion Popa', email: 'ion2@example.org', country: 'MD' });
    await drain();

    // Signed now, confirmed in the same stream batch as the withdrawal, a second earlier.
    const sent = new Date();
    expect((await signLikeBrowser(api.call, slug, { name: 'Олена Коваленко', email: 'olena@example.org', country: 'UA' })).status).toBe(202);
    const { confirm } = linksIn(await waitForMail(env.mailbox, { to: 'olena@example.org', after: sent }));
    const before = await dump(slug);
    expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
    const withdrawnFrom = await nextSecond();
    await withdraw(slug, leaving);
    await drain();
    const after = await dump(slug);
    expect(after.get('COUNT')).toMatchObject({ count: 1, pending: 0 });

    const changed = changes(before, after);
    expect(changed.map((c) => c.sk.split('#')[0]).sort()).toEqual(['ACTIVITY', 'COUNT', 'TIMELINE', 'WITHDRAWALS']);
    // The counter says when it was counted, as for any batch with a confirmation (a withdrawal alone
    // leaves it: the test above): nothing in it tells that this batch also held a withdrawal.
    expect(Object.keys(changed.find((c) => c.sk === 'COUNT')!.attributes)).toEqual(['updatedAt']);
    for (const { sk, attributes } of changed.filter((c) => c.sk !== 'COUNT')) {
      // Any moment stored is the confirmation's (before the withdrawal's second); the hour item counts it.
      const { expiresAt: _ttl, ...rest } = attributes;
      for (const moment of momentsIn({ sk, rest })) expect(moment, `${sk}: ${JSON.stringify(attributes)}`).toBeLessThan(withdrawnFrom);
      expect(JSON.stringify({ sk, attributes }), sk).not.toContain('MD');
    }
    const activity = changed.find((c) => c.sk.startsWith('ACTIVITY#'))!.attributes;
    expect(activity).toMatchObject({ confirmed: 1, countries: { UA: 1 } });
    expect(activity).not.toHaveProperty('withdrawn');
    // Its TTL is a week after the confirmation, so it dates nothing else.
    expect(activity.expiresAt).toBe(Date.parse(String(activity.at)) / 1000 + 7 * 86_400);
    const hour = changed.find((c) => c.sk.startsWith('TIMELINE#'))!.sk;
    expect(Number(after.get(hour)!.count)).toBe(Number(before.get(hour)?.count ?? 0) + 1);
  });

  it('the dashboard shows confirmations by hour and withdrawals by day, adding up to the count', async () => {
    const slug = 'withdrawn-alone';
    const board = (await api.call('GET', `/api/org/campaigns/${slug}/dashboard`, undefined, owner.headers)).json;
    const today = new Date().toISOString().slice(0, 10);
    expect(board).toMatchObject({ count: 2, countries: { GE: 1, AM: 1 }, withdrawals: [{ day: today, count: 1 }] });
    const confirmed = (board.timeline as { count: number }[]).reduce((n, h) => n + h.count, 0);
    expect(confirmed).toBe(3);
    expect(confirmed - board.withdrawals.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(board.count);
    expect((board.recent as { confirmed: number }[]).reduce((n, a) => n + a.confirmed, 0)).toBe(3);
    for (const entry of board.recent) {
      expect(Object.keys(entry).sort()).toEqual(['at', 'confirmed', 'countries']);
      expect(entry.countries).not.toHaveProperty('MD', -1);
    }
  });
});
