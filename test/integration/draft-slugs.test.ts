/**
 * Nobody learns another organisation's draft slugs (issue #13 item 6), attacked from outside through
 * the local API server against DynamoDB Local: a second organisation creating campaigns under the
 * slugs of the first one's drafts gets the answer a free slug gets; an organisation's own slugs stay
 * unique, with the refusal on the slug field in the asker's language; and a draft whose slug someone
 * opened meanwhile says so when it opens, and opens under a new slug with its translation and
 * co-signing invitations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { rawItems } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let orgA: TestOrganiser;
let orgB: TestOrganiser;
let uk: { validation: Record<string, string>; errors: Record<string, string> };
/** An open campaign of organisation A. */
const slugA = 'draft-slugs-letter';

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  orgA = await newOrganisation('Coalition A');
  orgB = await newOrganisation('Coalition B');
  uk = (await import('../../functions/i18n/uk.ts')).default as unknown as typeof uk;
  expect((await api.call('POST', '/api/org/campaigns', campaign(slugA), orgA.headers)).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

describe('another organisation’s draft slugs', () => {
  const create = (org: TestOrganiser, slug: string, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    api.call('POST', '/api/org/campaigns', campaign(slug, { status: 'draft', title: `${org.orgId}'s plan`, ...overrides }), { ...org.headers, ...headers });

  /** The items of one partition of the petitions table, as stored. */
  const partition = async (pk: string) => (await rawItems(env.tables.PETITIONS_TABLE!, pk)).filter((item) => item.pk === pk);

  /** What a creation answer tells: its status, and its shape without the values that always differ. */
  const shape = (answer: { status: number; json: any }) => ({
    status: answer.status,
    keys: Object.keys(answer.json ?? {}).sort(),
    error: answer.json?.error,
  });

  it('probing the slug of a draft gets the same answer as a free slug, as a draft or opened at once', async () => {
    expect((await create(orgA, 'quiet-plan')).status).toBe(201);
    expect((await create(orgA, 'quiet-plan-two')).status).toBe(201);

    const onDraft = await create(orgB, 'quiet-plan');
    const onFree = await create(orgB, 'nothing-here');
    expect(shape(onDraft)).toEqual(shape(onFree));
    expect(onDraft.status).toBe(201);
    const openOnDraft = await create(orgB, 'quiet-plan-two', { status: 'open' });
    const openOnFree = await create(orgB, 'nothing-here-either', { status: 'open' });
    expect(shape(openOnDraft)).toEqual(shape(openOnFree));
    expect(openOnDraft.status).toBe(201);

    // Each organisation sees its own campaign under the slug, and nothing of the other's.
    const asA = await api.call('GET', '/api/org/campaigns/quiet-plan', undefined, orgA.headers);
    expect(asA.json).toMatchObject({ title: `${orgA.orgId}'s plan`, status: 'draft' });
    const asB = await api.call('GET', '/api/org/campaigns/quiet-plan', undefined, orgB.headers);
    expect(asB.json).toMatchObject({ title: `${orgB.orgId}'s plan`, status: 'draft' });
    expect((await api.call('GET', '/api/org/campaigns/quiet-plan-two', undefined, orgA.headers)).json).toMatchObject({ status: 'draft', count: 0 });
    const dashboardA = await api.call('GET', '/api/org/campaigns/quiet-plan-two/dashboard', undefined, orgA.headers);
    expect(dashboardA.json).toMatchObject({ count: 0, pending: 0 });
    // Exports are kept by slug: A's draft shows none of B's, and starts none beside them.
    const exportB = await api.call('POST', '/api/org/campaigns/quiet-plan-two/exports', { format: 'csv' }, orgB.headers);
    expect(exportB.status).toBe(202);
    expect((await api.call('GET', '/api/org/campaigns/quiet-plan-two/exports', undefined, orgA.headers)).json).toEqual({ exports: [] });
    expect((await api.call('GET', `/api/org/campaigns/quiet-plan-two/exports/${exportB.json.id}`, undefined, orgA.headers)).status).toBe(404);
    const exportA = await api.call('POST', '/api/org/campaigns/quiet-plan-two/exports', { format: 'pdf' }, { ...orgA.headers, 'accept-language': 'uk' });
    expect(exportA.status).toBe(409);
    expect(exportA.json.error).toMatchObject({ code: 'draft', message: uk.errors.draftNoExport });
    const listB = (await api.call('GET', '/api/org/campaigns', undefined, orgB.headers)).json.campaigns.map((c: { slug: string }) => c.slug);
    expect(listB.sort()).toEqual(['nothing-here', 'nothing-here-either', 'quiet-plan', 'quiet-plan-two']);
    expect((await api.call('GET', '/api/org/campaigns', undefined, orgA.headers)).text).not.toContain(orgB.orgId);
    // And the public learns nothing of either draft.
    for (const slug of ['quiet-plan', 'nothing-here']) {
      expect((await api.call('GET', `/api/campaigns/${slug}`)).status).toBe(404);
      expect((await api.call('GET', `/api/campaigns/${slug}/count`)).status).toBe(404);
    }
  });

  it('an organisation’s own slugs stay unique, refused on the slug field in the asker’s language', async () => {
    expect((await create(orgA, 'ours-twice')).status).toBe(201);
    for (const [slug, status] of [['ours-twice', 'draft'], ['ours-twice', 'open'], [slugA, 'draft'], [slugA, 'open']] as const) {
      const again = await create(orgA, slug, { status }, { 'accept-language': 'uk' });
      expect(`${slug} ${status}: ${again.status}`).toBe(`${slug} ${status}: 409`);
      expect(again.json.error.code).toBe('slug_taken');
      expect(again.json.error.fields).toEqual({ slug: uk.validation['slug.taken'] });
    }
    // A draft takes another slug only where a new one would go; an opened campaign keeps its own.
    const uaHeaders = { ...orgA.headers, 'accept-language': 'uk' };
    expect((await create(orgA, 'ours-other')).status).toBe(201);
    for (const taken of [slugA, 'ours-other']) {
      const renamed = await api.call('PATCH', '/api/org/campaigns/ours-twice', { slug: taken, title: 'Renamed' }, uaHeaders);
      expect(renamed.status).toBe(409);
      expect(renamed.json.error.fields).toEqual({ slug: uk.validation['slug.taken'] });
    }
    const malformed = await api.call('PATCH', '/api/org/campaigns/ours-twice', { slug: 'Not A Slug' }, uaHeaders);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.fields).toEqual({ slug: uk.validation['slug.format'] });
    const fixed = await api.call('PATCH', `/api/org/campaigns/${slugA}`, { slug: 'somewhere-else' }, uaHeaders);
    expect(fixed.status).toBe(400);
    expect(fixed.json.error.fields).toEqual({ slug: uk.validation['slug.fixed'] });
    expect((await api.call('GET', '/api/org/campaigns/somewhere-else', undefined, orgA.headers)).status).toBe(404);
    expect((await api.call('GET', `/api/campaigns/${slugA}`)).status).toBe(200);
    expect((await api.call('GET', '/api/org/campaigns/ours-twice', undefined, orgA.headers)).json.title).toBe(`${orgA.orgId}'s plan`);
  });

  it('a draft whose slug someone opened meanwhile cannot open under it, says so on the slug field, and opens under a new one with its translation and invitations', async () => {
    const slug = 'contested-slug';
    expect((await create(orgA, slug)).status).toBe(201);
    const translated = await api.call('PUT', `/api/org/campaigns/${slug}/translations/uk`, { title: 'Звільніть їх', text: 'Шановний Президенте,' }, orgA.headers);
    expect(translated.status).toBe(200);
    const invites = [];
    // More invitations than one transaction drops alongside the renamed campaign (100 items).
    for (let i = 0; i < 100; i++) invites.push((await api.call('POST', `/api/org/campaigns/${slug}/cosign-invites`, {}, orgA.headers)).json.url as string);
    expect((await create(orgB, slug, { status: 'open', title: 'B was first' })).status).toBe(201);

    const refused = await api.call('POST', `/api/org/campaigns/${slug}/status`, { status: 'open' }, { ...orgA.headers, 'accept-language': 'uk' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('slug_taken');
    expect(refused.json.error.fields).toEqual({ slug: uk.validation['slug.taken'] });
    expect((await api.call('GET', `/api/org/campaigns/${slug}`, undefined, orgA.headers)).json).toMatchObject({ status: 'draft', title: `${orgA.orgId}'s plan` });
    expect((await api.call('GET', `/api/campaigns/${slug}`)).json.title).toBe('B was first');

    const renamed = await api.call('PATCH', `/api/org/campaigns/${slug}`, { slug: 'contested-slug-a' }, orgA.headers);
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ slug: 'contested-slug-a', status: 'draft', translations: { uk: { title: 'Звільніть їх' } } });
    expect((await api.call('GET', `/api/org/campaigns/${slug}`, undefined, orgA.headers)).status).toBe(404);
    // Invitation links carry the address: made for the old one, they no longer lead anywhere.
    const oldToken = /cosign\/(.+)$/.exec(invites[0]!)![1]!;
    expect((await api.call('POST', `/api/campaigns/${slug}/cosigners`, { token: oldToken, name: 'Early Partner', country: 'GE' })).status).toBe(404);

    expect(await partition(`DRAFT#${orgA.orgId}#${slug}`)).toEqual([]);

    // More invitations than one transaction moves alongside the opening campaign (two items each).
    const fresh = [];
    for (let i = 0; i < 60; i++) fresh.push((await api.call('POST', '/api/org/campaigns/contested-slug-a/cosign-invites', {}, orgA.headers)).json.url as string);
    expect(new Set(fresh).size).toBe(60);
    const before = (await partition(`DRAFT#${orgA.orgId}#contested-slug-a`)).filter((i) => String(i.sk).startsWith('COSIGN-INVITE#'));
    expect(before).toHaveLength(60);
    const opened = await api.call('POST', '/api/org/campaigns/contested-slug-a/status', { status: 'open' }, orgA.headers);
    expect(opened.status).toBe(200);
    expect((await partition('contested-slug-a')).filter((i) => String(i.sk).startsWith('COSIGN-INVITE#'))).toHaveLength(60);
    const page = await api.call('GET', '/api/campaigns/contested-slug-a?lang=uk');
    expect(page.json).toMatchObject({ title: 'Звільніть їх', originalLanguage: 'en' });
    for (const url of [fresh[0]!, fresh[59]!]) {
      const token = /cosign\/(.+)$/.exec(url)![1]!;
      expect((await api.call('POST', '/api/campaigns/contested-slug-a/cosigners', { token, name: 'Partner', country: 'AM' })).status).toBe(201);
    }
    const invitesStored = (await partition('contested-slug-a')).filter((i) => String(i.sk).startsWith('COSIGN-INVITE#'));
    expect(invitesStored).toHaveLength(58);
    expect(await partition(`DRAFT#${orgA.orgId}#contested-slug-a`)).toEqual([]);
    // B's campaign under the first slug is untouched.
    expect((await api.call('GET', `/api/campaigns/${slug}`)).json.title).toBe('B was first');
  });
});
