/**
 * Finding campaigns (issue #17, item 6), attacked from outside over HTTP against DynamoDB Local:
 * search in every script and filters combine; the archive shows each closed and delivered campaign's
 * outcome and its page stays reachable; no query, filter or cursor ever lists a draft or another
 * organisation's unpublished campaign; a forged cursor and bad filters are refused on their field in
 * the reader's language, and change nothing; paging walks every result once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { rawItems } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let orgA: TestOrganiser;
let orgB: TestOrganiser;
let ka: { validation: Record<string, string> };
let uk: { validation: Record<string, string> };

/** Titles of campaigns nobody outside their organisation may find. */
const hidden = {
  aDraft: { slug: 'secret-park-plan', title: 'Secret plan: Riverside park garage ნადია Ազատություն' },
  bDraft: { slug: 'quiet-letter', title: 'გაათავისუფლეთ ნადია — draft of B Свобода' },
};
const publicSlugs = new Set<string>();
const many = Array.from({ length: 13 }, (_, i) => `bulk-petition-${String(i).padStart(2, '0')}`);

type Item = { slug: string; title: string; kind: string; status: string; organisation?: { id: string; name: string }; closedAt?: string; delivery?: { deliveredOn: string; to: string }; count: number; language: string };
const list = async (query: string, headers: Record<string, string> = {}) => {
  const answer = await api.call('GET', `/api/campaigns${query}`, undefined, headers);
  return answer as { status: number; text: string; json: { items: Item[]; cursor?: string; error?: { code: string; fields?: Record<string, string> } } };
};
const slugs = (items: Item[]) => items.map((i) => i.slug);

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  orgA = await newOrganisation('Coalition A');
  orgB = await newOrganisation('Коалиция Б');
  ka = (await import('../../functions/i18n/ka.ts')).default as unknown as typeof ka;
  uk = (await import('../../functions/i18n/uk.ts')).default as unknown as typeof uk;
  const create = async (org: TestOrganiser, slug: string, overrides: Record<string, unknown> = {}) => {
    const made = await api.call('POST', '/api/org/campaigns', campaign(slug, overrides), org.headers);
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    if ((overrides.status ?? 'open') === 'open') publicSlugs.add(slug);
  };
  await create(orgA, 'free-nadia', { title: 'გაათავისუფლეთ ნადია და ლევანი', language: 'ka', kind: 'letter' });
  await create(orgA, 'riverside-park', { title: 'Keep Riverside Park public', kind: 'petition' });
  const translated = await api.call('PUT', '/api/org/campaigns/riverside-park/translations/hy', { title: 'Պահպանեք Ռիվերսայդ այգին', text: 'Խնդրում ենք։' }, orgA.headers);
  expect(translated.status).toBe(200);
  await create(orgA, 'closed-letter', { title: 'Свободу журналистам', kind: 'letter' });
  await create(orgA, 'delivered-petition', { title: 'Česká škola zůstane', kind: 'petition' });
  await create(orgA, hidden.aDraft.slug, { title: hidden.aDraft.title, status: 'draft' });
  await create(orgB, hidden.bDraft.slug, { title: hidden.bDraft.title, status: 'draft', kind: 'letter' });
  await create(orgB, 'b-open-letter', { title: 'Solidarity with Riverside', kind: 'letter' });
  for (const slug of many) await create(orgB, slug, { title: `Bulk petition ${slug.slice(-2)}`, kind: 'petition' });

  expect((await api.call('POST', '/api/org/campaigns/closed-letter/status', { status: 'closed' }, orgA.headers)).status).toBe(200);
  expect((await api.call('POST', '/api/org/campaigns/delivered-petition/status', { status: 'closed' }, orgA.headers)).status).toBe(200);
  const delivered = await api.call('POST', '/api/org/campaigns/delivered-petition/delivery', { deliveredOn: '2026-11-30', to: 'Ministry of Education', method: 'in-person' }, orgA.headers);
  expect(delivered.status, JSON.stringify(delivered.json)).toBe(200);
  // Organisation A's owner names its country in the profile (issue #17 item 4), which copies it onto
  // the organisation's campaigns, where the country filter reads it.
  const profile = await api.call('PATCH', '/api/org/profile', { country: 'GE' }, orgA.headers);
  expect(profile.status, JSON.stringify(profile.json)).toBe(200);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

describe('search and filters', () => {
  it('finds a Georgian title by a stem, in Mtavruli capitals too, and an Armenian translation', async () => {
    expect(slugs((await list(`?q=${encodeURIComponent('ნადია')}`)).json.items)).toEqual(['free-nadia']);
    expect(slugs((await list(`?q=${encodeURIComponent('ᲒᲐᲐᲗᲐᲕᲘᲡᲣᲤᲚ')}`)).json.items)).toEqual(['free-nadia']);
    const armenian = (await list(`?q=${encodeURIComponent('ռիվերսայդ')}&lang=hy`)).json.items;
    expect(armenian).toMatchObject([{ slug: 'riverside-park', title: 'Պահպանեք Ռիվերսայդ այգին', language: 'hy' }]);
    // Without lang the original title is shown, still found by its translation.
    expect((await list(`?q=${encodeURIComponent('ԱՅԳԻՆ')}`)).json.items).toMatchObject([{ slug: 'riverside-park', title: 'Keep Riverside Park public', language: 'en' }]);
  });

  it('filters combine: words, kind, organisation and country', async () => {
    expect(slugs((await list('?q=riverside')).json.items).sort()).toEqual(['b-open-letter', 'riverside-park']);
    expect(slugs((await list('?q=riverside&kind=letter')).json.items)).toEqual(['b-open-letter']);
    expect(slugs((await list(`?q=riverside&org=${orgA.orgId}`)).json.items)).toEqual(['riverside-park']);
    expect(slugs((await list(`?kind=letter&org=${orgA.orgId}`)).json.items)).toEqual(['free-nadia']);
    expect(slugs((await list('?country=GE&limit=50')).json.items).sort()).toEqual(['free-nadia', 'riverside-park']);
    expect((await list('?country=AM')).json.items).toEqual([]);
    expect((await list('?q=riverside+nothing')).json.items).toEqual([]);
    const item = (await list(`?q=keep`)).json.items[0]!;
    expect(item).toMatchObject({ status: 'open', organisation: { id: orgA.orgId, name: 'Coalition A' }, count: 0 });
  });

  it('the old path answers the same', async () => {
    const now = await api.call('GET', `/api/campaigns?q=riverside&org=${orgB.orgId}`);
    const old = await api.call('GET', `/api/petitions?q=riverside&org=${orgB.orgId}`);
    expect(old.status).toBe(200);
    expect(old.text).toBe(now.text);
  });
});

describe('the archive', () => {
  it('lists closed and delivered campaigns with their outcome, and not on the open shelf', async () => {
    const archive = (await list('?status=archive')).json.items;
    expect(slugs(archive).sort()).toEqual(['closed-letter', 'delivered-petition']);
    expect(archive.find((i) => i.slug === 'closed-letter')).toMatchObject({ status: 'closed', count: 0, closedAt: expect.any(String) });
    expect(archive.find((i) => i.slug === 'closed-letter')).not.toHaveProperty('delivery');
    expect(archive.find((i) => i.slug === 'delivered-petition')).toMatchObject({
      status: 'delivered',
      delivery: { deliveredOn: '2026-11-30', to: 'Ministry of Education', method: 'in-person' },
    });
    expect(slugs((await list('?limit=50')).json.items)).not.toContain('closed-letter');
    expect(slugs((await list(`?status=archive&q=${encodeURIComponent('ČESKÁ')}`)).json.items)).toEqual(['delivered-petition']);
    expect(slugs((await list(`?status=archive&q=${encodeURIComponent('свободу')}&kind=letter`)).json.items)).toEqual(['closed-letter']);
  });

  it('their pages stay reachable, naming the organisation', async () => {
    const page = await api.call('GET', '/api/campaigns/delivered-petition');
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ status: 'delivered', delivery: { to: 'Ministry of Education' }, organisation: { id: orgA.orgId, name: 'Coalition A' } });
    expect((await api.call('GET', '/api/campaigns/closed-letter')).json).toMatchObject({ status: 'closed' });
  });

  it('a campaign reopened leaves the archive, and is back on the open shelf', async () => {
    expect((await api.call('POST', '/api/org/campaigns/closed-letter/status', { status: 'open' }, orgA.headers)).status).toBe(200);
    expect(slugs((await list('?status=archive')).json.items)).toEqual(['delivered-petition']);
    expect(slugs((await list('?q=журналистам')).json.items)).toEqual(['closed-letter']);
    expect((await api.call('POST', '/api/org/campaigns/closed-letter/status', { status: 'closed' }, orgA.headers)).status).toBe(200);
  });
});

describe('what nobody may find', () => {
  it('no query, filter or shelf lists a draft, of the asker’s organisation or another’s', async () => {
    const words = [...new Set(Object.values(hidden).flatMap(({ slug, title }) => [slug, ...title.split(/\s+/), title]))];
    const queries = [
      '', '?limit=50', '?status=archive&limit=50',
      ...words.flatMap((w) => [`?q=${encodeURIComponent(w)}&limit=50`, `?q=${encodeURIComponent(w)}&status=archive&limit=50`]),
      ...[orgA, orgB].flatMap((o) => [`?org=${o.orgId}&limit=50`, `?org=${o.orgId}&status=archive&limit=50`, `?org=${o.orgId}&kind=letter&limit=50`]),
      '?q=secret', '?q=draft', '?q=quiet', '?q=plan', '?kind=letter&limit=50',
    ];
    const hiddenSlugs = Object.values(hidden).map((h) => h.slug);
    for (const query of queries) {
      for (const headers of [{}, orgA.headers, orgB.headers]) {
        const answer = await list(query, headers);
        expect(answer.status, query).toBe(200);
        for (const item of answer.json.items) expect(hiddenSlugs, `${query} listed ${item.slug}`).not.toContain(item.slug);
        expect(answer.text, query).not.toMatch(/Secret plan|draft of B/);
      }
    }
  });
});

describe('paging', () => {
  it('walks every result once, in order, with the cursor of each page', async () => {
    const whole = slugs((await list('?limit=50')).json.items);
    expect(whole.length).toBe(publicSlugs.size - 2);
    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await list(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.json.items.length).toBeLessThanOrEqual(4);
      walked.push(...slugs(answer.json.items));
      cursor = answer.json.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(walked).toEqual(whole);
    expect(new Set(walked).size).toBe(walked.length);
    // The default page is 20; its cursor leads to the rest.
    const first = await list('');
    expect(first.json.items).toHaveLength(Math.min(20, whole.length));
  });
});

describe('bad input', () => {
  const before = async () => JSON.stringify(await rawItems(env.tables.PETITIONS_TABLE!));

  it('a forged cursor is a 400 on the cursor field in the reader’s language, not a 500, and changes nothing', async () => {
    const stored = await before();
    const valid = (await list('?limit=2')).json.cursor!;
    const forged = [
      'AAAA', 'not-a-cursor', `${valid}x`, valid.slice(0, -3), Buffer.from('["2026-01-01T00:00:00.000Z","DRAFT#x#y"]').toString('base64url'),
      Buffer.from('{"__proto__":{"a":1}}').toString('base64url'), 'a'.repeat(5000), '%00', encodeURIComponent('\u{1F4DC}'),
    ];
    for (const cursor of forged) {
      const answer = await list(`?cursor=${cursor}&lang=uk`);
      expect(answer.status, cursor).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 'validation_failed', fields: { cursor: uk.validation['find.cursor'] } });
    }
    expect(await before()).toBe(stored);
  });

  it('bad filters are refused each on its field, in Georgian when lang=ka (or Accept-Language)', async () => {
    const answer = await list('?kind=poem&status=drafts&limit=0&org=a%2Fb&country=XX&q=' + 'x'.repeat(101) + '&lang=ka');
    expect(answer.status).toBe(400);
    expect(answer.json.error!.fields).toEqual({
      kind: ka.validation['kind.choose'],
      status: ka.validation['find.shelf'],
      limit: ka.validation['find.limit'],
      org: ka.validation['find.organisation'],
      country: ka.validation['country.unknown'],
      q: expect.stringContaining('100'),
    });
    const byHeader = await list('?limit=51', { 'accept-language': 'uk' });
    expect(byHeader.json.error!.fields).toEqual({ limit: uk.validation['find.limit'] });
    expect((await list('?colour=red')).json.error!.fields).toHaveProperty('colour');
  });
});

describe('campaigns stored before the archive existed', () => {
  it('npm run shelve puts a closed one on the archive and gives a translated one its titles, once', async () => {
    const documents = DynamoDBDocumentClient.from(env.client);
    const strip = (slug: string, expression: string) =>
      documents.send(new UpdateCommand({ TableName: env.tables.PETITIONS_TABLE, Key: { pk: slug, sk: 'META' }, UpdateExpression: expression }));
    // As they were stored before: no shelf for a closed campaign, no titles beside its translations.
    await strip('closed-letter', 'REMOVE listStatus');
    await strip('riverside-park', 'REMOVE translatedTitles');
    expect(slugs((await list('?status=archive&limit=50')).json.items)).not.toContain('closed-letter');
    expect((await list(`?q=${encodeURIComponent('ռիվերսայդ')}`)).json.items).toEqual([]);

    const { allCampaigns, shelveCampaign } = await import('#store/campaigns.ts');
    const run = async () => {
      let written = 0;
      for await (const c of allCampaigns()) if (await shelveCampaign(c)) written++;
      return written;
    };
    expect(await run()).toBe(2);
    expect(slugs((await list('?status=archive&limit=50')).json.items)).toContain('closed-letter');
    expect(slugs((await list(`?q=${encodeURIComponent('ռիվերսայդ')}`)).json.items)).toEqual(['riverside-park']);
    // Drafts stay on no shelf, and a second run writes nothing.
    expect(await run()).toBe(0);
    const drafts = (await rawItems(env.tables.PETITIONS_TABLE!)).filter((item) => String(item.pk).startsWith('DRAFT#'));
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) expect(draft).not.toHaveProperty('listStatus');
  });
});
