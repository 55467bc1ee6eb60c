/**
 * Campaigns in several languages, without engines: which language a reader gets (`?lang=` over
 * Accept-Language over the original, never the interface's English fallback), the input schemas,
 * and the dossier printing the original and then each chosen translation under its language's name.
 */
import './unit-env.ts';
import { Writable } from 'node:stream';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';

const { acceptedLanguages, availableLanguages, pickLanguage, translationLanguage } = await import('#rules/translations.ts');
const { campaignUpdateSchema, newCampaignSchema, translationSchema } = await import('#rules/campaign-schema.ts');
const { startExportSchema } = await import('#rules/export-schema.ts');
const { writeDossier } = await import('#documents/dossier.ts');
const { editCampaign } = await import('#usecases/campaigns.ts');

describe('acceptedLanguages', () => {
  it('orders by q, then by position; drops q=0, wildcards and junk; keeps primary subtags once', () => {
    expect(acceptedLanguages('de-DE,ka;q=0.8,ru;q=0.9,en;q=0,*;q=0.1,ka-GE;q=0.5,!!')).toEqual(['de', 'ru', 'ka']);
    expect(acceptedLanguages('')).toEqual([]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe('pickLanguage', () => {
  const translated = ['ka', 'ru'];

  it('?lang= wins when the campaign has it, and then Accept-Language is not consulted', () => {
    expect(pickLanguage('en', translated, { query: 'ka', acceptLanguage: 'ru' })).toEqual({ language: 'ka', from: 'query' });
    // Asked for a language the campaign lacks: the original, still decided by the query alone (cacheable by URL).
    expect(pickLanguage('en', translated, { query: 'cs', acceptLanguage: 'ka' })).toEqual({ language: 'en', from: 'query' });
    expect(pickLanguage('en', translated, { query: 'xx' })).toEqual({ language: 'en', from: 'query' });
  });

  it('without ?lang=, the best Accept-Language the campaign has; else the original, not English', () => {
    expect(pickLanguage('en', translated, { acceptLanguage: 'ka-GE,ka;q=0.9' })).toEqual({ language: 'ka', from: 'header' });
    expect(pickLanguage('en', translated, { acceptLanguage: 'de, ru;q=0.5' })).toEqual({ language: 'ru', from: 'header' });
    expect(pickLanguage('en', translated, { acceptLanguage: 'de' })).toEqual({ language: 'en', from: 'header' });
    // A Russian original with an English translation: a German reader gets what the organiser wrote.
    expect(pickLanguage('ru', ['en'], { acceptLanguage: 'de' }).language).toBe('ru');
    expect(pickLanguage('ru', ['en'], {})).toEqual({ language: 'ru', from: 'original' });
  });

  it('lists the original first, then the translations in the catalogue order', () => {
    expect(availableLanguages('ru', ['ka', 'en', 'hy'])).toEqual(['ru', 'en', 'hy', 'ka']);
  });

  it('refuses a path language outside the catalogue with a 400', () => {
    expect(translationLanguage('ka')).toBe('ka');
    expect(() => translationLanguage('de')).toThrow(expect.objectContaining({ statusCode: 400, code: 'invalid_language' }));
  });
});

describe('schemas', () => {
  const base = { slug: 'free-them', kind: 'petition', title: 'Free them', text: 'Now.', targets: [{ name: 'Minister' }], goal: 10 };

  it('a new campaign is in English unless it says otherwise; only catalogue languages', () => {
    expect(newCampaignSchema.parse(base).language).toBe('en');
    expect(newCampaignSchema.parse({ ...base, language: 'hy' }).language).toBe('hy');
    const bad = newCampaignSchema.safeParse({ ...base, language: 'de' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['language']);
    expect(campaignUpdateSchema.parse({ language: 'ka' })).toEqual({ language: 'ka' });
  });

  it('a translation takes a title and a text, both required, nothing else', () => {
    expect(translationSchema.parse({ title: ' თავისუფლება ', text: 'ტექსტი' })).toEqual({ title: 'თავისუფლება', text: 'ტექსტი' });
    expect(translationSchema.safeParse({ title: 'x' }).success).toBe(false);
    expect(translationSchema.safeParse({ title: 'x', text: 'y', language: 'ka' }).success).toBe(false);
    expect(translationSchema.safeParse({ title: 'x'.repeat(201), text: 'y' }).success).toBe(false);
  });

  it('an export may name translations, once each, from the catalogue', () => {
    expect(startExportSchema.parse({ format: 'pdf', translations: ['ka', 'ru', 'ka'] })).toEqual({ format: 'pdf', translations: ['ka', 'ru'] });
    expect(startExportSchema.parse({ format: 'pdf' })).toEqual({ format: 'pdf' });
    expect(startExportSchema.safeParse({ format: 'pdf', translations: ['de'] }).success).toBe(false);
  });
});

describe('changing the original language', () => {
  const organiser = { orgId: 'org-1', memberId: 'm-1', role: 'editor' } as unknown as Parameters<typeof editCampaign>[0];
  const campaignWith = (over: Record<string, unknown>) =>
    ({ slug: 'c', status: 'open', language: 'ka', translatedInto: ['ru'], title: 'T', text: 'x', version: 1, updatedAt: '2027-01-01T00:00:00Z', ...over }) as unknown as Parameters<typeof editCampaign>[1];

  it('is refused on the language field once the campaign is open and translated: its translations were made from it', async () => {
    for (const status of ['open', 'closed']) {
      await expect(editCampaign(organiser, campaignWith({ status }), { language: 'en' })).rejects.toMatchObject({
        statusCode: 400,
        code: 'validation_failed',
        fields: { language: expect.stringContaining('original language can no longer be changed') },
      });
    }
    // Onto one of its translations: refused whatever the status (the original is never also a translation).
    await expect(editCampaign(organiser, campaignWith({ status: 'draft' }), { language: 'ru' })).rejects.toMatchObject({ statusCode: 409, code: 'language_translated' });
  });

  it('is no change when the language stays as it is', async () => {
    const campaign = campaignWith({});
    expect(await editCampaign(organiser, campaign, { language: 'ka' }).catch((e: unknown) => e)).not.toMatchObject({ statusCode: 400 });
  });
});

describe('the dossier with translations', () => {
  async function render(translations: { language: string; name: string; title: string; text: string }[]) {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    async function* none() {}
    await writeDossier(
      {
        kind: 'petition',
        title: 'Free the journalists',
        text: 'We call for their **release**.',
        language: 'en',
        translations,
        version: 1,
        targets: [{ name: 'Prosecutor General' }],
        organisation: { name: 'Civic Union Tbilisi' },
        generatedAt: '2026-11-24T13:05:00.000Z',
        counts: { total: 1, byCountry: { GE: 1 } },
        cosigners: [],
        fields: { country: true, comment: false },
      },
      none,
      out,
    );
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.concat(chunks))), { mergePages: true });
    return text.normalize('NFC').replace(/\s+/gu, ' ');
  }

  it('prints the original, then each chosen translation under a heading naming its language, before the counts', async () => {
    const text = await render([
      { language: 'ka', name: 'ქართული', title: 'გაათავისუფლეთ ჟურნალისტები', text: 'ჩვენ მოვითხოვთ მათ **გათავისუფლებას**.' },
      { language: 'ru', name: 'Русский', title: 'Свободу журналистам', text: 'Мы требуем их освобождения.' },
    ]);
    const at = (s: string) => {
      const i = text.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    const original = at('We call for their release.');
    const ka = at('Translation: ქართული (ka)');
    const kaTitle = at('გაათავისუფლეთ ჟურნალისტები');
    const kaText = at('ჩვენ მოვითხოვთ მათ გათავისუფლებას.');
    const ru = at('Translation: Русский (ru)');
    const ruText = at('Мы требуем их освобождения.');
    const counts = at('Signatures by country');
    expect(original < ka && ka < kaTitle && kaTitle < kaText && kaText < ru && ru < ruText && ruText < counts).toBe(true);
  });

  it('prints no translation heading when none was chosen', async () => {
    expect(await render([])).not.toContain('Translation:');
  });
});
