/**
 * Country names and number symbols the page ships (functions/rules/locale-data/, generated from
 * Node's full ICU by web/locale-data.ts) and the helpers that read them: the page never asks the
 * browser's Intl for these, whose data may lack a language.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LOCALE_DATA } from '../../functions/rules/locale-data/index.ts';
import {
  countryList,
  countryName,
  formatLocaleDate,
  formatLocaleNumber,
  formatLocaleRelative,
  localeLanguage,
  useLocaleData,
  utcFields,
  type DateStyle,
} from '../../functions/rules/locale-format.ts';
import { COUNTRY_CODES } from '../../functions/rules/countries.ts';
import { LANGUAGES } from '../../functions/lib/language.ts';
import { DATE_STYLES, generateLocaleData, LOCALE_DATA_DIR, RELATIVE_OPTIONS, RELATIVE_UNITS } from '../../web/locale-data.ts';

for (const [lang, data] of Object.entries(LOCALE_DATA)) useLocaleData(lang, data);

/** What each language must say: Georgia's name and 5000 and 12345 (minimumGroupingDigits 2 in lv, hy, ka). */
const expected = {
  en: ['Georgia', '5,000', '12,345'],
  cs: ['Gruzie', '5\u00a0000', '12\u00a0345'],
  ro: ['Georgia', '5.000', '12.345'],
  ru: ['Грузия', '5\u00a0000', '12\u00a0345'],
  uk: ['Грузія', '5\u00a0000', '12\u00a0345'],
  lv: ['Gruzija', '5000', '12\u00a0345'],
  hy: ['Վրաստան', '5000', '12\u00a0345'],
  ka: ['საქართველო', '5000', '12\u00a0345'],
  az: ['Gürcüstan', '5.000', '12.345'],
  kk: ['Грузия', '5\u00a0000', '12\u00a0345'],
} as const;

describe('locale data the page ships', () => {
  it('is what this Node’s ICU says (else run `npm run build:web` and commit functions/rules/locale-data/)', async () => {
    const files = generateLocaleData();
    expect([...files.keys()].sort()).toEqual([...LANGUAGES.map((l) => `${l}.ts`), 'index.ts'].sort());
    for (const [name, source] of files) expect(await readFile(join(LOCALE_DATA_DIR, name), 'utf8'), name).toBe(source);
  });

  it('names countries and writes numbers in each of the ten languages, not in English for ka, hy, az and kk', () => {
    expect(Object.keys(LOCALE_DATA)).toEqual([...LANGUAGES]);
    for (const lang of LANGUAGES) {
      const [georgia, fiveThousand, twelveThousand] = expected[lang];
      expect(countryName(lang, 'GE'), lang).toBe(georgia);
      expect(formatLocaleNumber(lang, 5000), lang).toBe(fiveThousand);
      expect(formatLocaleNumber(lang, 12345), lang).toBe(twelveThousand);
    }
    for (const lang of ['ka', 'hy', 'az', 'kk'] as const) {
      expect(countryName(lang, 'DE')).not.toBe('Germany');
      expect(formatLocaleNumber(lang, 1234567.5)).not.toBe('1,234,567.5');
    }
    expect(countryName('ka', 'AM')).toBe('სომხეთი');
    expect(countryName('hy', 'AM')).toBe('Հայաստան');
    expect(countryName('az', 'AZ')).toBe('Azərbaycan');
    expect(countryName('kk', 'KZ')).toBe('Қазақстан');
  });

  it('lists every assigned country once per language, sorted as the language sorts', () => {
    for (const lang of LANGUAGES) {
      const list = countryList(lang);
      expect(list.map(([code]) => code).sort()).toEqual([...COUNTRY_CODES].sort());
      const collator = new Intl.Collator(lang, { sensitivity: 'base' });
      for (let i = 1; i < list.length; i++) expect(collator.compare(list[i - 1]![1], list[i]![1]), `${lang} ${list[i]![1]}`).toBeLessThanOrEqual(0);
    }
    // Georgian names in Georgian order: ავღანეთი (Afghanistan) before ზიმბაბვე (Zimbabwe).
    const ka = countryList('ka').map(([, name]) => name);
    expect(ka.indexOf('ავღანეთი')).toBeLessThan(ka.indexOf('ზიმბაბვე'));
  });

  it('formats numbers exactly as Node’s Intl.NumberFormat does, rounding included', () => {
    const numbers = [0, -0, 1, -1, 999, 1000, 9999, 10_000, 123_456_789, 0.5, 0.0004, 0.0005, 1.0005, 2.5, -1234.5, 99.9995, 9999.9995, 1e-7, 1e20, Infinity, -Infinity];
    // A fixed spread of integers and decimals of every length.
    let x = 7;
    for (let i = 0; i < 3000; i++) {
      x = (x * 48271) % 2147483647;
      numbers.push(Math.round((x / 2147483647) * 10 ** (1 + (i % 15))) / (i % 3 === 0 ? 1 : 10 ** (i % 7)));
    }
    for (const lang of LANGUAGES) {
      const intl = new Intl.NumberFormat(lang);
      for (const n of numbers) expect(formatLocaleNumber(lang, n), `${lang} ${n}`).toBe(intl.format(n));
    }
  });

  it('writes dates in every style exactly as Node’s Intl.DateTimeFormat does, on every month, hour and minute', () => {
    // Every hour of a day (both sides of noon and midnight), every month, days 1–31, years from 1970
    // to 2100, then a fixed spread of moments.
    const dates = [0, Date.UTC(2027, 2, 5, 15, 4, 9), Date.UTC(2000, 1, 29, 12, 0, 0), Date.UTC(2099, 11, 31, 23, 59, 59)];
    for (let h = 0; h < 24; h++) dates.push(Date.UTC(2027, 0, 1, h, h, h));
    for (let m = 0; m < 12; m++) for (let d = 1; d <= 31; d += 3) dates.push(Date.UTC(2026, m, d, (m * 7 + d) % 24, d, m));
    let x = 11;
    for (let i = 0; i < 1000; i++) {
      x = (x * 48271) % 2147483647;
      dates.push(Math.floor((x / 2147483647) * Date.UTC(2100, 0, 1) / 1000) * 1000);
    }
    for (const lang of LANGUAGES) {
      for (const [style, options] of Object.entries(DATE_STYLES)) {
        const intl = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
        for (const ms of dates) {
          const d = new Date(ms);
          expect(formatLocaleDate(lang, style as DateStyle, utcFields(d)), `${lang} ${style} ${d.toISOString()}`).toBe(intl.format(d));
        }
      }
    }
    // Month names as the date writes them: the genitive where the language declines them.
    const march5 = utcFields(new Date(Date.UTC(2027, 2, 5)));
    expect(formatLocaleDate('ru', 'day', march5)).toBe('5 марта 2027 г.');
    expect(formatLocaleDate('uk', 'day', march5)).toBe('5 березня 2027 р.');
    expect(formatLocaleDate('cs', 'day', march5)).toBe('5. března 2027');
    expect(formatLocaleDate('hy', 'day', march5)).toBe('05 մարտի, 2027 թ.');
    expect(formatLocaleDate('ka', 'day', march5)).toBe('5 მარტი, 2027');
    expect(formatLocaleDate('kk', 'day', march5)).toBe('2027 ж. 5 наурыз');
    expect(formatLocaleDate('az', 'day', march5)).toBe('5 mart 2027');
    expect(formatLocaleDate('en', 'time', utcFields(new Date(Date.UTC(2027, 2, 5, 0, 4, 9))))).toBe('12:04:09 AM');
  });

  it('writes "2 min ago" exactly as Node’s Intl.RelativeTimeFormat does, plural forms and "yesterday" included', () => {
    for (const lang of LANGUAGES) {
      const intl = new Intl.RelativeTimeFormat(lang, RELATIVE_OPTIONS);
      for (const unit of RELATIVE_UNITS) {
        for (let ago = 0; ago <= 1500; ago++) expect(formatLocaleRelative(lang, -ago, unit), `${lang} ${ago} ${unit}`).toBe(intl.format(-ago, unit));
        expect(formatLocaleRelative(lang, -0, unit)).toBe(intl.format(-0, unit));
      }
    }
    expect(formatLocaleRelative('ru', -22, 'minute')).toBe('22 мин. назад');
    expect(formatLocaleRelative('ka', -1, 'day')).toBe('გუშინ');
    expect(formatLocaleRelative('ro', -21, 'day')).toBe('acum 21 de zile');
  });

  it('reads a locale tag by its language, English for anything else', () => {
    expect(localeLanguage('ka-GE')).toBe('ka');
    expect(localeLanguage('RU')).toBe('ru');
    expect(localeLanguage('de-AT')).toBe('en');
    expect(localeLanguage('not a locale!!')).toBe('en');
    expect(localeLanguage('__proto__')).toBe('en');
    expect(countryName('en', 'XX')).toBe('XX');
  });
});
