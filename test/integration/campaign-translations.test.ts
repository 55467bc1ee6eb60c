/**
 * Campaigns in several languages against the real engines, through the local API server: an editor
 * adds a Georgian translation, readers get it by `?lang=ka` or `Accept-Language: ka` and the original
 * otherwise, with the cache headers the CDN needs; the original's language cannot be translated into,
 * viewers cannot translate, drafts stay invisible, and removing a translation takes it off the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let editor: TestOrganiser;
let viewer: TestOrganiser;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  const owner = await newOrganisation('Translators Without Borders');
  editor = await newMember(owner.orgId, 'editor');
  viewer = await newMember(owner.orgId, 'viewer');
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const GEORGIAN = { title: 'გაათავისუფლეთ დამცველები', text: 'ბატონო პრეზიდენტო,\n\nგაათავისუფლეთ ისინი **ახლავე**.' };
const page = (slug: string, query = '', headers: Record<string, string> = {}) => api.call('GET', `/api/campaigns/${slug}${query}`, undefined, headers);

describe('a campaign in English with a Georgian translation', () => {
  const slug = 'release-the-defenders-ka';

  it('readers get Georgian by ?lang=ka or Accept-Language: ka, the original otherwise', async () => {
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug), editor.headers)).status).toBe(201);

    const saved = await api.call('PUT', `/api/org/campaigns/${slug}/translations/ka`, GEORGIAN, editor.headers);
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ language: 'en', translations: { ka: { ...GEORGIAN, sourceVersion: 1 } } });
    expect((await api.call('GET', `/api/org/campaigns/${slug}`, undefined, viewer.headers)).json.translations.ka.title).toBe(GEORGIAN.title);

    const byQuery = await page(slug, '?lang=ka');
    expect(byQuery.status).toBe(200);
    expect(byQuery.json).toMatchObject({
      title: GEORGIAN.title,
      text: GEORGIAN.text,
      // Plain paragraphs until the page publisher (not run here) stores the rendering: campaign-pages.test.ts.
      textHtml: '<p>ბატონო პრეზიდენტო,</p>\n<p>გაათავისუფლეთ ისინი **ახლავე**.</p>',
      language: 'ka',
      originalLanguage: 'en',
      languages: ['en', 'ka'],
    });
    // Keyed by ?lang= at the CDN: shareable.
    expect(byQuery.headers.get('cache-control')).toContain('s-maxage=5');

    const byHeader = await page(slug, '', { 'accept-language': 'ka-GE,ka;q=0.9,en;q=0.8' });
    expect(byHeader.json).toMatchObject({ title: GEORGIAN.title, language: 'ka', originalLanguage: 'en' });
    // Chosen by a header the CDN does not key on: kept out of shared caches.
    expect(byHeader.headers.get('cache-control')).toBe('private, max-age=5');
    expect(byHeader.headers.get('vary')).toMatch(/accept-language/i);

    for (const [query, headers] of [
      ['', { 'accept-language': 'de' }],
      ['?lang=de', {}],
      ['?lang=cs', { 'accept-language': 'ka' }],
      ['?lang=en', {}],
    ] as const) {
      const original = await page(slug, query, headers);
      expect(original.json, `${query} ${JSON.stringify(headers)}`).toMatchObject({
        title: 'Release the defenders',
        language: 'en',
        originalLanguage: 'en',
        languages: ['en', 'ka'],
      });
    }
  });

  it('a translation is not signed text: saving one keeps no version; it remembers the version it was made from', async () => {
    const edited = await api.call('PATCH', `/api/org/campaigns/${slug}`, { text: 'Dear President,\n\nRelease them today.' }, editor.headers);
    expect(edited.json).toMatchObject({ version: 2, translations: { ka: { sourceVersion: 1 } } });
    const again = await api.call('PUT', `/api/org/campaigns/${slug}/translations/ka`, GEORGIAN, editor.headers);
    expect(again.json).toMatchObject({ version: 2, versions: [{ version: 1 }], translations: { ka: { sourceVersion: 2 } } });
  });

  it('refuses the original language, languages outside the catalogue, viewers, and moving the original onto a translation', async () => {
    const original = await api.call('PUT', `/api/org/campaigns/${slug}/translations/en`, GEORGIAN, editor.headers);
    expect(original.status).toBe(409);
    expect(original.json.error.code).toBe('translation_is_original');
    expect((await api.call('PUT', `/api/org/campaigns/${slug}/translations/de`, GEORGIAN, editor.headers)).status).toBe(400);
    const invalid = await api.call('PUT', `/api/org/campaigns/${slug}/translations/ru`, { title: '' }, editor.headers);
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.json.error.fields)).toEqual(expect.arrayContaining(['title', 'text']));
    expect((await api.call('PUT', `/api/org/campaigns/${slug}/translations/ru`, GEORGIAN, viewer.headers)).status).toBe(403);
    const moved = await api.call('PATCH', `/api/org/campaigns/${slug}`, { language: 'ka' }, editor.headers);
    expect(moved.status).toBe(409);
    expect(moved.json.error.code).toBe('language_translated');
  });

  it('removing the translation takes it off the public page; removing it again is 404', async () => {
    const removed = await api.call('DELETE', `/api/org/campaigns/${slug}/translations/ka`, undefined, editor.headers);
    expect(removed.status).toBe(200);
    expect(removed.json.translations).toEqual({});
    const after = await page(slug, '?lang=ka');
    expect(after.json).toMatchObject({ title: 'Release the defenders', language: 'en', languages: ['en'] });
    // No translations left: nothing varies by Accept-Language, so the answer is shareable again.
    expect((await page(slug, '', { 'accept-language': 'ka' })).headers.get('cache-control')).toContain('s-maxage=5');
    expect((await api.call('DELETE', `/api/org/campaigns/${slug}/translations/ka`, undefined, editor.headers)).status).toBe(404);
    // Now the original may move to Georgian.
    expect((await api.call('PATCH', `/api/org/campaigns/${slug}`, { language: 'ka' }, editor.headers)).json.language).toBe('ka');
  });
});

describe('a draft with a translation', () => {
  it('stays invisible to the public in every language', async () => {
    const slug = 'draft-with-translation';
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug, { status: 'draft', language: 'ru' }), editor.headers)).status).toBe(201);
    expect((await api.call('PUT', `/api/org/campaigns/${slug}/translations/ka`, GEORGIAN, editor.headers)).status).toBe(200);
    expect((await page(slug, '?lang=ka')).status).toBe(404);
    expect((await page(slug, '', { 'accept-language': 'ka' })).status).toBe(404);
    expect((await page(slug)).status).toBe(404);
  });
});
