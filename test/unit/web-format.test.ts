import { describe, it, expect, vi } from 'vitest';
import {
  buildSignPayload,
  classifySignStatus,
  COUNTRY_CODES,
  countryNamer,
  countryOptions,
  displayPercent,
  fill,
  firstInvalidField,
  formatTargets,
  isNewerReading,
  mapErrorBody,
  nextPollDelay,
  parseCount,
  parseList,
  parsePetition,
  parseRoute,
  petitionApiPath,
  petitionHash,
  pluralForm,
  progressAria,
  progressPercent,
  splitParagraphs,
  validateSignInput,
  POLL_INTERVAL_MS,
} from '../../web/src/logic.ts';

describe('parseRoute', () => {
  it('routes the empty hash, "#" and "#/" to the list', () => {
    expect(parseRoute('')).toEqual({ name: 'list' });
    expect(parseRoute('#')).toEqual({ name: 'list' });
    expect(parseRoute('#/')).toEqual({ name: 'list' });
  });

  it('routes #/p/<slug> to that campaign', () => {
    expect(parseRoute('#/p/some-slug')).toEqual({ name: 'petition', slug: 'some-slug' });
    expect(parseRoute('#/p/some-slug/')).toEqual({ name: 'petition', slug: 'some-slug' });
    expect(parseRoute('#/p/some-slug?ref=mail')).toEqual({ name: 'petition', slug: 'some-slug' });
  });

  it('decodes percent-encoded slugs and round-trips petitionHash', () => {
    const slug = 'თავისუფლება-2025';
    expect(parseRoute(petitionHash(slug))).toEqual({ name: 'petition', slug });
    expect(petitionHash('a b/c')).toBe('#/p/a%20b%2Fc');
  });

  it('treats garbage as unknown', () => {
    for (const hash of ['#/p/', '#/p', '#/x/slug', '#/p/a/b', '#main', '#/p/%E0%A4%A', '#/p/%2F', '#/p/%0A', 'garbage']) {
      expect(parseRoute(hash), hash).toEqual({ name: 'unknown' });
    }
    expect(parseRoute(`#/p/${'a'.repeat(201)}`)).toEqual({ name: 'unknown' });
  });

  it('encodes slugs in API paths', () => {
    expect(petitionApiPath('free-them')).toBe('/api/petitions/free-them');
    expect(petitionApiPath('free-them', '/count')).toBe('/api/petitions/free-them/count');
    expect(petitionApiPath('a/../b', '/signatures')).toBe('/api/petitions/a%2F..%2Fb/signatures');
  });
});

describe('progress', () => {
  it('computes the percentage and clamps it to 0–100', () => {
    expect(progressPercent(250, 1000)).toBe(25);
    expect(progressPercent(1500, 1000)).toBe(100);
    expect(progressPercent(-5, 1000)).toBe(0);
  });

  it('gives 0 for a goal of 0 or nonsense numbers', () => {
    expect(progressPercent(10, 0)).toBe(0);
    expect(progressPercent(10, -3)).toBe(0);
    expect(progressPercent(Number.NaN, 100)).toBe(0);
    expect(progressPercent(10, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('never shows 100% before the goal nor 0% after a first signature', () => {
    expect(displayPercent(999, 1000)).toBe(99);
    expect(displayPercent(1, 1000)).toBe(1);
    expect(displayPercent(0, 1000)).toBe(0);
    expect(displayPercent(1000, 1000)).toBe(100);
    expect(displayPercent(5, 0)).toBe(0);
  });

  it('keeps aria-valuenow within aria-valuemax', () => {
    expect(progressAria(120, 100)).toEqual({ now: 100, max: 100 });
    expect(progressAria(42, 100)).toEqual({ now: 42, max: 100 });
    expect(progressAria(42, 0)).toBeNull();
  });
});

describe('polling', () => {
  it('polls every 1.5 s and backs off after failures up to 30 s', () => {
    expect(nextPollDelay(0)).toBe(POLL_INTERVAL_MS);
    expect(POLL_INTERVAL_MS).toBe(1500);
    expect(nextPollDelay(1)).toBe(3000);
    expect(nextPollDelay(2)).toBe(6000);
    expect(nextPollDelay(50)).toBe(30_000);
  });

  it('ignores readings older than the one shown', () => {
    expect(isNewerReading('2025-01-01T10:00:02Z', '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading('2025-01-01T10:00:00Z', '2025-01-01T10:00:01Z')).toBe(false);
    expect(isNewerReading('2025-01-01T10:00:01Z', '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading(undefined, '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading('not a date', '2025-01-01T10:00:01Z')).toBe(true);
  });
});

describe('text', () => {
  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    const text = 'Dear President,\r\n\r\nWe ask you\nto act.\n  \n\n\nSigned,\nus\n';
    expect(splitParagraphs(text)).toEqual(['Dear President,', 'We ask you\nto act.', 'Signed,\nus']);
    expect(splitParagraphs('   \n\n ')).toEqual([]);
  });

  it('formats targets', () => {
    expect(formatTargets([{ name: 'A. Person', office: 'President' }])).toBe('A. Person, President');
    expect(formatTargets([{ name: 'A' }, { name: 'B', office: 'Minister' }])).toBe('A; B, Minister');
  });

  it('fills placeholders and picks plural forms', () => {
    expect(fill('{count} of {goal}', { count: '1,000', goal: 5 })).toBe('1,000 of 5');
    expect(fill('{missing} stays', {})).toBe('{missing} stays');
    const ru = new Intl.PluralRules('ru');
    const forms = { one: 'подпись', few: 'подписи', many: 'подписей', other: 'подписи' };
    expect(pluralForm(forms, ru, 1)).toBe('подпись');
    expect(pluralForm(forms, ru, 3)).toBe('подписи');
    expect(pluralForm(forms, ru, 11)).toBe('подписей');
    expect(pluralForm({ other: 'signatures' }, new Intl.PluralRules('en'), 1)).toBe('signatures');
  });
});

describe('API data parsing', () => {
  it('parses a list and drops malformed items', () => {
    const list = parseList({
      items: [
        { slug: 'a', kind: 'letter', title: 'T', targets: [{ name: 'P', office: 'O' }, { office: 'no name' }], goal: 10, count: 3 },
        { kind: 'petition', title: 'no slug' },
        null,
      ],
    });
    expect(list).toEqual([{ slug: 'a', kind: 'letter', title: 'T', targets: [{ name: 'P', office: 'O' }], goal: 10, count: 3 }]);
    expect(parseList({})).toBeNull();
    expect(parseList('nope')).toBeNull();
  });

  it('parses a petition with defaults for missing or bad fields', () => {
    const p = parsePetition({ slug: 's', kind: 'weird', title: 'T', text: 'x', targets: [], goal: -1, count: 'many', status: 'closed', deadline: 'never' });
    expect(p).toEqual({ slug: 's', kind: 'petition', title: 'T', text: 'x', targets: [], goal: 0, count: 0, status: 'closed', publicSigners: false, signerFields: { country: 'required', comment: 'optional' }, cosigners: [], languages: [] });
    // Only two-letter codes survive as languages to offer.
    expect(parsePetition({ slug: 's', title: 'T', languages: ['ka', 'x-bad', 7, 'ru'] })?.languages).toEqual(['ka', 'ru']);
    expect(parsePetition({ slug: 's', title: 'T', deadline: '2030-01-01T00:00:00Z', asOf: 'x' })).toMatchObject({
      status: 'open',
      deadline: '2030-01-01T00:00:00Z',
      asOf: 'x',
    });
  });

  it('parses a count reading', () => {
    expect(parseCount({ count: 12, asOf: '2025-01-01T00:00:00Z' })).toEqual({ count: 12, asOf: '2025-01-01T00:00:00Z' });
    expect(parseCount({ count: 12 })).toEqual({ count: 12 });
    expect(parseCount({ count: -1 })).toBeNull();
    expect(parseCount({ count: '12' })).toBeNull();
    expect(parseCount(null)).toBeNull();
  });
});

describe('sign form', () => {
  const messages = { required: 'required', tooLong: 'max {max}', email: 'bad email', country: 'bad country' };
  const valid = { name: 'Նունե', email: 'n@example.org', country: 'AM', comment: '' };

  it('flags empty required fields and accepts a complete form', () => {
    expect(validateSignInput({ name: ' ', email: '', country: '', comment: '' }, messages)).toEqual({
      name: 'required',
      email: 'required',
      country: 'required',
    });
    expect(validateSignInput(valid, messages)).toEqual({});
  });

  it('checks lengths in characters, the email shape and the country code', () => {
    expect(validateSignInput({ ...valid, name: 'ა'.repeat(200) }, messages)).toEqual({});
    expect(validateSignInput({ ...valid, name: 'ა'.repeat(201) }, messages)).toEqual({ name: 'max 200' });
    expect(validateSignInput({ ...valid, comment: 'x'.repeat(1001) }, messages)).toEqual({ comment: 'max 1000' });
    const grouped = (n: number): string => new Intl.NumberFormat('en').format(n);
    expect(validateSignInput({ ...valid, comment: 'x'.repeat(1001) }, messages, grouped)).toEqual({ comment: 'max 1,000' });
    expect(validateSignInput({ ...valid, email: 'no-at-sign' }, messages)).toEqual({ email: 'bad email' });
    expect(validateSignInput({ ...valid, country: 'Armenia' }, messages)).toEqual({ country: 'bad country' });
  });

  it('builds the payload trimmed and omits an empty comment', () => {
    expect(buildSignPayload({ name: ' A ', email: ' a@b.c ', country: 'GE', comment: '  ' }, 'pow')).toEqual({
      name: 'A',
      email: 'a@b.c',
      country: 'GE',
      altcha: 'pow',
    });
    expect(buildSignPayload({ ...valid, comment: ' Solidarity ' }, 'pow')).toEqual({ ...valid, comment: 'Solidarity', altcha: 'pow' });
  });

  it('finds the first invalid field in form order', () => {
    expect(firstInvalidField({ comment: 'x', email: 'y' })).toBe('email');
    expect(firstInvalidField({})).toBeUndefined();
  });

  it('maps an API error body to field messages', () => {
    const mapped = mapErrorBody({
      error: { code: 'invalid', message: 'Invalid input', fields: { email: 'Not an email', country: 'Unknown', slug: 'Bad slug', name: 42 } },
    });
    expect(mapped).toEqual({
      code: 'invalid',
      message: 'Invalid input',
      fields: { email: 'Not an email', country: 'Unknown' },
      otherFields: ['Bad slug'],
    });
  });

  it('maps an error body without fields, and garbage', () => {
    expect(mapErrorBody({ error: { code: 'bad_json', message: 'Body is not JSON' } })).toEqual({
      code: 'bad_json',
      message: 'Body is not JSON',
      fields: {},
      otherFields: [],
    });
    expect(mapErrorBody(null)).toEqual({ fields: {}, otherFields: [] });
    expect(mapErrorBody('<html>')).toEqual({ fields: {}, otherFields: [] });
    expect(mapErrorBody({ error: 'string' })).toEqual({ fields: {}, otherFields: [] });
  });

  it('classifies sign responses', () => {
    expect(classifySignStatus(202)).toBe('received');
    expect(classifySignStatus(400)).toBe('invalid');
    expect(classifySignStatus(409)).toBe('closed');
    expect(classifySignStatus(404)).toBe('notFound');
    expect(classifySignStatus(429)).toBe('busy');
    expect(classifySignStatus(503)).toBe('busy');
    expect(classifySignStatus(500)).toBe('error');
  });
});

describe('countries', () => {
  it('lists the 249 ISO 3166-1 alpha-2 codes once each', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('names and sorts countries in the given language, once the page has loaded it', async () => {
    (await import('../../functions/rules/locale-format.ts')).useLocaleData('ru', (await import('../../functions/rules/locale-data/ru.ts')).default);
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
      const format = await import('../../web/src/format.ts');
      const { setLanguage } = await import('../../web/src/strings.ts');
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
      (await import('../../web/src/format.ts')).setFormatLocale('en');
      await (await import('../../web/src/strings.ts')).setLanguage('en');
    }
  });

  it('writes a regional variant’s dates as the browser does when it knows the variant (en-GB), else from the shipped data', async () => {
    const format = await import('../../web/src/format.ts');
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
      const { formatNumber, setFormatLocale } = await import('../../web/src/format.ts');
      const { setLanguage } = await import('../../web/src/strings.ts');
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
      (await import('../../web/src/format.ts')).setFormatLocale('en');
      await (await import('../../web/src/strings.ts')).setLanguage('en');
    }
  });
});
