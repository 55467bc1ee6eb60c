/**
 * Country names, dates, times and numbers from the data the page ships, whatever the browser's Intl knows.
 */
import { describe, it, expect, vi } from 'vitest';
import { COUNTRY_CODES, countryNamer, countryOptions } from './countries.ts';

describe('countries', () => {
  it('lists the 249 ISO 3166-1 alpha-2 codes once each', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('names and sorts countries in the given language, once the page has loaded it', async () => {
    (await import('../../../functions/rules/locale-format.ts')).useLocaleData('ru', (await import('../../../functions/rules/locale-data/ru.ts')).default);
    const en = countryOptions('en');
    expect(en).toHaveLength(249);
    expect(en.find((c) => c.code === 'GE')?.name).toBe('Georgia');
    const names = en.map((c) => c.name);
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    expect([...names].sort(collator.compare)).toEqual(names);
    expect(en[0]?.code).toBe('AF');

    const ru = countryOptions('ru', ['UA', 'AM', 'GE']);
    expect(ru.map((c) => c.name)).toEqual(['Армения', 'Грузия', 'Украина']);
  });

  it('writes dates and "2 min ago" from the data the page ships, in Georgian where the browser’s Intl knows none', async () => {
    // A browser whose Intl has no Georgian, Armenian, Azerbaijani or Kazakh dates: Debian's Chromium
    // wrote "January 1, 1970" or "1970 M01 1" there.
    const { DateTimeFormat, RelativeTimeFormat } = Intl;
    const real = { date: new DateTimeFormat('ka', { dateStyle: 'long', timeStyle: 'short' }), relative: new RelativeTimeFormat('ka', { numeric: 'auto', style: 'short' }) };
    const englishOnly = (tag: unknown) => (/^(ka|hy|az|kk)\b/i.test(String(Array.isArray(tag) ? tag[0] : tag)) ? 'en' : tag);
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (this: unknown, tag: unknown, options?: Intl.DateTimeFormatOptions) {
      return new DateTimeFormat(englishOnly(tag) as string, options);
    } as unknown as typeof Intl.DateTimeFormat);
    vi.spyOn(Intl, 'RelativeTimeFormat').mockImplementation(function (this: unknown, tag: unknown, options?: Intl.RelativeTimeFormatOptions) {
      return new RelativeTimeFormat(englishOnly(tag) as string, options);
    } as unknown as typeof Intl.RelativeTimeFormat);
    const { toLocaleDateString } = Date.prototype;
    vi.spyOn(Date.prototype, 'toLocaleDateString').mockImplementation(function (this: Date, tag?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions) {
      return toLocaleDateString.call(this, englishOnly(tag) as string, options);
    });
    try {
      expect(new Intl.DateTimeFormat('ka', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2027, 2, 5))).toBe('March 5, 2027');
      const format = await import('./format.ts');
      const { setLanguage } = await import('./strings.ts');
      expect(await setLanguage('ka')).toBe('ka');
      format.setFormatLocale('ka');
      expect(format.formatDay('2027-03-05')).toBe('5 მარტი, 2027');
      expect(format.formatDay('2027-12-31')).toBe('31 დეკემბერი, 2027');
      // A moment in the reader's zone (noon UTC is March 5 from UTC−11 to UTC+11).
      const deadline = '2027-03-05T12:00:00Z';
      expect(format.formatDate(deadline)).toBe(real.date.format(new Date(deadline)));
      expect(format.formatDate(deadline)).toContain('მარტი');
      expect(format.formatShortDate(deadline)).toBe('5 მარ. 2027');
      expect(format.formatDayMonth(Date.parse(deadline))).toBe('5 მარ');
      expect(format.formatNumericDate(Date.parse(deadline))).toBe('5.3.2027');
      expect(format.formatHour(new Date(2027, 2, 5, 14, 0).getTime())).toBe('14:00');
      expect(format.formatTime(new Date(2027, 2, 5, 9, 4, 5).getTime())).toBe('09:04:05');
      expect(format.formatRelative(-1, 'day')).toBe('გუშინ');
      expect(format.formatRelative(-5, 'minute')).toBe(real.relative.format(-5, 'minute'));
      expect(format.formatRelative(-5, 'minute')).toBe('5 წთ წინ');
      // Armenian and Russian decline the month in a date: the genitive.
      expect(await setLanguage('hy')).toBe('hy');
      format.setFormatLocale('hy');
      expect(format.formatDay('2027-03-05')).toBe('05 մարտի, 2027 թ.');
      expect(await setLanguage('ru')).toBe('ru');
      format.setFormatLocale('ru');
      expect(format.formatDay('2027-03-05')).toBe('5 марта 2027 г.');
      expect(format.formatRelative(-22, 'minute')).toBe('22 мин. назад');
      format.setFormatLocale('en');
      expect(format.formatDate('not a date')).toBeUndefined();
      expect(format.formatDay('2027-3-5')).toBe('2027-3-5');
    } finally {
      vi.restoreAllMocks();
      (await import('./format.ts')).setFormatLocale('en');
      await (await import('./strings.ts')).setLanguage('en');
    }
  });

  it('writes a regional variant’s dates as the browser does when it knows the variant (en-GB), else from the shipped data', async () => {
    const format = await import('./format.ts');
    try {
      format.setFormatLocale('en-GB');
      expect(format.formatDay('2027-03-05')).toBe('5 March 2027');
      expect(format.formatShortTime(new Date(2027, 2, 5, 18, 0).getTime())).toBe('18:00');
      format.setFormatLocale('en');
      expect(format.formatDay('2027-03-05')).toBe('March 5, 2027');
      // A browser without data for the variant: the language's shipped data, never its Intl's guess.
      vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockReturnValue([]);
      format.setFormatLocale('en-GB');
      expect(format.formatDay('2027-03-05')).toBe('March 5, 2027');
    } finally {
      vi.restoreAllMocks();
      format.setFormatLocale('en');
    }
  });

  it('falls back for a broken locale tag', () => {
    expect(countryOptions('not a locale!!', ['AM'])).toEqual([{ code: 'AM', name: 'Armenia' }]);
  });

  it('names countries and writes numbers from the data the page ships, whatever the browser’s Intl knows', async () => {
    // A browser without Georgian, Armenian, Azerbaijani or Kazakh data (Debian's Chromium): its Intl
    // answers those languages in English.
    const { DisplayNames, NumberFormat } = Intl;
    const englishOnly = (tag: unknown) => (/^(ka|hy|az|kk)\b/i.test(String(Array.isArray(tag) ? tag[0] : tag)) ? 'en' : tag);
    vi.spyOn(Intl, 'DisplayNames').mockImplementation(function (this: unknown, tag: unknown, options: Intl.DisplayNamesOptions) {
      return new DisplayNames(englishOnly(tag) as string, options);
    } as unknown as typeof Intl.DisplayNames);
    vi.spyOn(Intl, 'NumberFormat').mockImplementation(function (this: unknown, tag: unknown, options?: Intl.NumberFormatOptions) {
      return new NumberFormat(englishOnly(tag) as string, options);
    } as unknown as typeof Intl.NumberFormat);
    try {
      expect(new Intl.DisplayNames(['ka'], { type: 'region' }).of('GE')).toBe('Georgia');
      const { formatNumber, setFormatLocale } = await import('./format.ts');
      const { setLanguage } = await import('./strings.ts');
      // The page loads a language's data with its catalog.
      for (const lang of ['ka', 'hy', 'az', 'kk']) expect(await setLanguage(lang)).toBe(lang);
      setFormatLocale('ka-GE');
      expect(countryNamer('ka-GE')('GE')).toBe('საქართველო');
      expect(countryOptions('ka', ['DE', 'AM']).map((c) => c.name)).toEqual(['გერმანია', 'სომხეთი']);
      expect(formatNumber(5000)).toBe('5000');
      expect(formatNumber(12345)).toBe('12\u00a0345');
      setFormatLocale('hy');
      expect(countryNamer('hy')('GE')).toBe('Վրաստան');
      expect(formatNumber(1234567)).toBe('1\u00a0234\u00a0567');
      setFormatLocale('az');
      expect(countryNamer('az')('GE')).toBe('Gürcüstan');
      expect(formatNumber(5000)).toBe('5.000');
      setFormatLocale('kk');
      expect(countryNamer('kk')('KZ')).toBe('Қазақстан');
      expect(formatNumber(5000)).toBe('5\u00a0000');
    } finally {
      vi.restoreAllMocks();
      (await import('./format.ts')).setFormatLocale('en');
      await (await import('./strings.ts')).setLanguage('en');
    }
  });
});
