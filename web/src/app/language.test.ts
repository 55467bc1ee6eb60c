import { describe, it, expect } from 'vitest';
import { chooseLanguage, isLanguage, localeFor, matchLanguage } from './language.ts';
import { lang, live, setLanguage, strings } from './strings.ts';
import en from './i18n/en.ts';

describe('chooseLanguage', () => {
  it('takes ?lang= from the URL over everything else', () => {
    expect(chooseLanguage({ search: '?lang=ka', saved: 'ru', preferred: ['uk-UA', 'en'] })).toBe('ka');
    expect(chooseLanguage({ search: '?x=1&lang=hy', saved: null, preferred: [] })).toBe('hy');
    // A regional tag in the URL still means the language.
    expect(chooseLanguage({ search: '?lang=ru-KZ' })).toBe('ru');
  });

  it('then the saved choice, then the browser languages in order, then English', () => {
    expect(chooseLanguage({ search: '', saved: 'uk', preferred: ['ru-RU'] })).toBe('uk');
    expect(chooseLanguage({ search: '', saved: null, preferred: ['de-DE', 'kk-KZ', 'ru'] })).toBe('kk');
    expect(chooseLanguage({ search: '', saved: null, preferred: ['de', 'fr'] })).toBe('en');
    expect(chooseLanguage({})).toBe('en');
  });

  it('ignores languages it does not have, wherever they come from', () => {
    expect(chooseLanguage({ search: '?lang=de', saved: 'xx', preferred: ['lv-LV'] })).toBe('lv');
    expect(chooseLanguage({ search: '?lang=', saved: '', preferred: ['AZ-latn-AZ'] })).toBe('az');
    expect(chooseLanguage({ search: '?lang=constructor', saved: '__proto__', preferred: ['toString'] })).toBe('en');
  });
});

describe('matchLanguage and isLanguage', () => {
  it('reduces a tag to a language we have', () => {
    expect(matchLanguage('uk-UA')).toBe('uk');
    expect(matchLanguage('RO_md')).toBe('ro');
    expect(matchLanguage(' cs ')).toBe('cs');
    expect(matchLanguage('sr-Latn')).toBeUndefined();
    expect(matchLanguage(undefined)).toBeUndefined();
    expect(isLanguage('hasOwnProperty')).toBe(false);
  });
});

describe('localeFor', () => {
  it("keeps the reader's region when the browser lists the chosen language", () => {
    expect(localeFor('en', ['ru-RU', 'en-GB'])).toBe('en-GB');
    expect(localeFor('ru', ['ru-KZ'])).toBe('ru-KZ');
  });

  it('uses the bare language otherwise', () => {
    expect(localeFor('ka', ['en-US'])).toBe('ka');
    expect(localeFor('uk', [])).toBe('uk');
  });
});

describe('setLanguage', () => {
  it('swaps the live catalog, and falls back to English for an unknown code', async () => {
    const org = live(() => strings.org);
    expect(await setLanguage('ru')).toBe('ru');
    expect(lang).toBe('ru');
    expect(strings).not.toBe(en);
    expect(strings.retry).not.toBe(en.retry);
    // A section named once follows the switch.
    expect(org.signOut).toBe(strings.org.signOut);
    expect(await setLanguage('xx')).toBe('en');
    expect(strings).toBe(en);
    expect(org.signOut).toBe(en.org.signOut);
  });

  it('the later of two overlapping switches wins', async () => {
    const first = setLanguage('uk');
    const second = setLanguage('en');
    await Promise.all([first, second]);
    expect(lang).toBe('en');
    expect(strings).toBe(en);
  });
});
