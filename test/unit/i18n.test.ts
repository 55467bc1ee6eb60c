import { existsSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { catalogProblems, isPlural, pluralCategories } from '../support/catalog-check.ts';
import en from '../../web/src/app/i18n/en.ts';
import { LANGUAGES } from '../../web/src/app/language.ts';
import serverEn from '../../functions/i18n/en.ts';
import { LANGUAGES as SERVER_LANGUAGES } from '../../functions/lib/language.ts';

// ---------------------------------------------------------------------------------------------
// Web page catalogs (web/src/app/i18n/<lang>.ts)
// ---------------------------------------------------------------------------------------------
describe('web catalogs', () => {
  const webLanguages = Object.keys(LANGUAGES).filter((l) => l !== 'en');

  it('lists the ten languages of the region, English first', () => {
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'cs', 'ro', 'ru', 'uk', 'lv', 'hy', 'ka', 'az', 'kk']);
  });

  it('every English plural string has the forms English selects', () => {
    const plurals: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (isPlural(value)) plurals.push(path);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    };
    walk(en, 'en');
    expect(plurals.length).toBeGreaterThanOrEqual(8);
    expect(catalogProblems(en, en, 'en')).toEqual([]);
  });

  it.each(webLanguages)('%s has a catalog file', (lang) => {
    expect(existsSync(new URL(`../../web/src/app/i18n/${lang}.ts`, import.meta.url)), `web/src/app/i18n/${lang}.ts is missing`).toBe(true);
  });

  it.each(webLanguages)('%s has exactly the English keys, the same placeholders, and every plural form', async (lang) => {
    const file = new URL(`../../web/src/app/i18n/${lang}.ts`, import.meta.url);
    if (!existsSync(file)) throw new Error(`web/src/app/i18n/${lang}.ts is missing`);
    const catalog = ((await import(file.href)) as { default: unknown }).default;
    expect(catalogProblems(en, catalog, lang)).toEqual([]);
  });

  // The checker itself: a test that cannot fail guards nothing.
  describe('the check', () => {
    const reference = {
      a: 'Hello {name}',
      list: ['x', 'y'],
      n: { one: '{count} signature', other: '{count} signatures' },
      nested: { b: 'B' },
      blank: '',
    };
    const good = { a: 'Привет, {name}', list: ['х', 'у'], n: { one: '{count} подпись', few: '{count} подписи', many: '{count} подписей', other: '{count} подписи' }, nested: { b: 'Б' }, blank: '' };

    it('accepts a complete catalog', () => {
      expect(catalogProblems(reference, good, 'ru')).toEqual([]);
    });

    it('reports a missing key, an extra key, an empty string and a changed placeholder', () => {
      const { nested: _nested, ...missing } = good;
      expect(catalogProblems(reference, missing, 'ru')).toEqual(['nested: missing (expected an object)']);
      expect(catalogProblems(reference, { ...good, extra: 'x' }, 'ru')).toEqual(['extra: not in the English catalog']);
      expect(catalogProblems(reference, { ...good, nested: { b: ' ' } }, 'ru')).toEqual(['nested.b: empty']);
      expect(catalogProblems(reference, { ...good, a: 'Привет, {имя}' }, 'ru')).toEqual(['a: placeholders ["имя"], expected ["name"]']);
      expect(catalogProblems(reference, { ...good, list: ['х'] }, 'ru')).toEqual(['list[1]: missing (expected a string)', 'list: 1 items, expected 2']);
    });

    it('asks for every plural category the language selects', () => {
      expect(pluralCategories('ru').sort()).toEqual(['few', 'many', 'one', 'other']);
      const { few: _few, ...noFew } = good.n;
      expect(catalogProblems(reference, { ...good, n: noFew }, 'ru')).toEqual([expect.stringContaining('n: plural category "few" missing')]);
      // English needs only one and other.
      expect(catalogProblems(reference, { ...good, n: { one: '{count} x', other: '{count} xs' } }, 'en')).toEqual([]);
      expect(catalogProblems(reference, { ...good, n: { one: 'one', few: '{count}', many: '{count}', other: '{count}' } }, 'ru')).toEqual([
        'n.one: placeholders [], expected ["count"]',
      ]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Server catalogs (functions/i18n/<lang>.ts): validation and API error messages, mails, dossier
// ---------------------------------------------------------------------------------------------
describe('server catalogs', () => {
  const serverLanguages = SERVER_LANGUAGES.filter((l) => l !== 'en');

  it('serves the same ten languages as the page', () => {
    expect([...SERVER_LANGUAGES]).toEqual(Object.keys(LANGUAGES));
  });

  it('the English catalog is consistent with itself, and its counting strings are plurals', () => {
    expect(catalogProblems(serverEn, serverEn, 'en')).toEqual([]);
    expect(isPlural(serverEn.mail.confirmation.expires)).toBe(true);
    expect(isPlural(serverEn.validation['field.maxLength'])).toBe(true);
    // Not every object with an `other` key counts something.
    expect(isPlural(serverEn.dossier.method)).toBe(false);
  });

  it.each(serverLanguages)('%s has exactly the English keys, the same placeholders, and every plural form', async (lang) => {
    const file = new URL(`../../functions/i18n/${lang}.ts`, import.meta.url);
    if (!existsSync(file)) throw new Error(`functions/i18n/${lang}.ts is missing`);
    const catalog = ((await import(file.href)) as { default: unknown }).default;
    expect(catalogProblems(serverEn, catalog, lang)).toEqual([]);
  });

  it('the check catches a key a translation lacks', async () => {
    const ru = ((await import('../../functions/i18n/ru.ts')) as { default: typeof serverEn }).default;
    const { closed: _closed, ...errors } = ru.errors;
    expect(catalogProblems(serverEn, { ...ru, errors }, 'ru')).toEqual(['errors.closed: missing (expected a string)']);
  });
});
