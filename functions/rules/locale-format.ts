/**
 * Country names, numbers, dates and "2 min ago" in each of the ten languages, from the data generated at build time out
 * of Node's full ICU (./locale-data/<lang>.ts, written by web/locale-data.ts). The page uses these
 * instead of the browser's Intl, whose locale data may lack a language (Debian's Chromium has no
 * Georgian, Armenian, Azerbaijani or Kazakh: it showed English names, "5,000" and "1970 M01 1").
 *
 * English is always here; another language's data is added with useLocaleData() (the page loads it
 * with the language's catalog, web/src/app/strings.ts; the server can add all of ./locale-data/index.ts).
 * A locale tag is read by its language alone ("ka-GE" → ka); a language not added gets English.
 */
import en from './locale-data/en.ts';

export interface NumberSymbols {
  group: string;
  decimal: string;
  minus: string;
  /** 2: a four-digit number is not grouped ("5000", but "12 345"). */
  minimumGroupingDigits: number;
}

/** How a language writes one date style (web/locale-data.ts reads it off Intl.DateTimeFormat). */
export interface DateStyleData {
  /** With {year}, {month}, {day}, {hour}, {minute}, {second} and {dayPeriod} for the fields. */
  pattern: string;
  /** The month names this style writes (an index into `months`); absent, the month is a number. */
  months?: number;
  /** The numbered fields written with two digits. */
  pad?: readonly string[];
  hourCycle?: string;
  /** The words for before and after noon. */
  dayPeriods?: readonly [string, string];
}

export interface DateData {
  months: readonly (readonly string[])[];
  styles: Record<DateStyle, DateStyleData>;
}

/**
 * The date and time styles the page writes, as Intl.DateTimeFormat options. The page fills each from
 * the date's own fields (UTC for a calendar day, the browser's zone for a moment), so the zone is
 * left out here and UTC is used to read the patterns.
 */
export const DATE_STYLES = {
  /** "March 5, 2027 at 3:04 PM": a deadline. */
  dateTime: { dateStyle: 'long', timeStyle: 'short' },
  /** "March 5, 2027": a calendar day. */
  day: { dateStyle: 'long' },
  /** "Mar 5, 2027": when something was added or saved. */
  medium: { dateStyle: 'medium' },
  /** "3:04:09 PM": when the dashboard was updated. */
  time: { timeStyle: 'medium' },
  /** "3:04 PM" (09:15 in Georgian): when the public count was last updated. */
  shortTime: { timeStyle: 'short' },
  /** "3:04 PM": an hour on the dashboard's timeline. */
  hour: { hour: 'numeric', minute: '2-digit' },
  /** "Mar 5": a day on the dashboard's timeline. */
  dayMonth: { day: 'numeric', month: 'short' },
  /** "3/5/2027": a row of the timeline's table. */
  numeric: {},
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** The styles the page writes dates in. */
export type DateStyle = keyof typeof DATE_STYLES;
export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day';

/** "2 min ago": the words instead of a number by how many units ago, and a phrase per plural category. */
export interface RelativeData {
  words: Readonly<Record<string, string>>;
  past: Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>;
}

export interface LocaleData {
  number: NumberSymbols;
  dates: DateData;
  relative: Record<RelativeUnit, RelativeData>;
  /** [code, name], in the language's sort order. */
  countries: readonly (readonly [string, string])[];
}

const loaded = new Map<string, LocaleData>([['en', en]]);

/** Makes `lang`'s data available (e.g. once the page has loaded its chunk). */
export function useLocaleData(lang: string, data: LocaleData): void {
  loaded.set(lang, data);
}

/** The language of `tag` whose data is here, else English. */
export function localeLanguage(tag: string | undefined): string {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return loaded.has(primary) ? primary : 'en';
}

function dataFor(tag: string | undefined): LocaleData {
  return loaded.get(localeLanguage(tag)) ?? en;
}

/** Every assigned country as [code, name], sorted as the language sorts its names. */
export function countryList(tag: string | undefined): readonly (readonly [string, string])[] {
  return dataFor(tag).countries;
}

const namers = new WeakMap<LocaleData, Map<string, string>>();

/** "GE" → "საქართველო" in Georgian; a code we have no name for comes back as it is. */
export function countryName(tag: string | undefined, code: string): string {
  const data = dataFor(tag);
  let names = namers.get(data);
  if (!names) namers.set(data, (names = new Map(data.countries)));
  return names.get(code.toUpperCase()) ?? code;
}

/** A date's fields as the reader sees them: month 0–11, hour 0–23. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The fields of `date` in UTC (a calendar day, or the tests comparing with Intl in UTC). */
export function utcFields(date: Date): DateFields {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The fields of `date` in the time zone of the machine (the reader's, in the browser). */
export function localFields(date: Date): DateFields {
  return {
    year: date.getFullYear(),
    month: date.getMonth(),
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
  };
}

/**
 * A date written in one of the page's styles as Intl.DateTimeFormat writes it in that language, from
 * fields already in the wanted time zone: "5 марта 2027 г. в 15:04", "5 მარტი, 2027".
 */
export function formatLocaleDate(tag: string | undefined, style: DateStyle, fields: DateFields): string {
  const { dates } = dataFor(tag);
  const s = dates.styles[style];
  const two = (field: string, n: number): string => (s.pad?.includes(field) ? String(n).padStart(2, '0') : String(n));
  const hour = (): string => {
    const h = fields.hour;
    switch (s.hourCycle) {
      case 'h12':
        return two('hour', h % 12 === 0 ? 12 : h % 12);
      case 'h11':
        return two('hour', h % 12);
      case 'h24':
        return two('hour', h === 0 ? 24 : h);
      default:
        return two('hour', h);
    }
  };
  return s.pattern.replace(/\{(\w+)\}/g, (whole, field: string) => {
    switch (field) {
      case 'year':
        return String(fields.year);
      case 'month':
        return s.months === undefined ? two('month', fields.month + 1) : (dates.months[s.months]?.[fields.month] ?? '');
      case 'day':
        return two('day', fields.day);
      case 'hour':
        return hour();
      case 'minute':
        return two('minute', fields.minute);
      case 'second':
        return two('second', fields.second);
      case 'dayPeriod':
        return s.dayPeriods?.[fields.hour < 12 ? 0 : 1] ?? '';
      default:
        return whole;
    }
  });
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * "2 min ago", "yesterday", "now" as Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' })
 * writes it, `ago` whole units in the past. The plural category is Intl.PluralRules' (the browsers'
 * rules cover all ten languages, even where their other locale data does not).
 */
export function formatLocaleRelative(tag: string | undefined, ago: number, unit: RelativeUnit): string {
  const lang = localeLanguage(tag);
  const data = dataFor(lang).relative[unit];
  const n = Math.abs(Math.trunc(ago));
  const words = data.words[String(n)];
  if (words !== undefined) return words;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const phrase = data.past[rules.select(n)] ?? data.past.other ?? Object.values(data.past)[0] ?? '{0}';
  return phrase.replace('{0}', formatLocaleNumber(lang, n));
}

/**
 * A number as Intl.NumberFormat(lang) writes it by default: up to three decimals (rounded as Intl
 * rounds: half away from zero, on the shortest decimal that reads back as the number), digits grouped
 * in threes once there are enough of them (CLDR's minimumGroupingDigits). NaN is written "NaN", where
 * Intl writes it in words.
 */
export function formatLocaleNumber(tag: string | undefined, n: number): string {
  return formatWith(dataFor(tag).number, n);
}

export function formatWith(symbols: NumberSymbols, n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return `${n < 0 ? symbols.minus : ''}∞`;
  const abs = Math.abs(n);
  // Past 1e21 a number's shortest form has an exponent; counts and goals never get there.
  if (abs >= 1e21) return String(n);
  const [whole, decimals] = roundToThousandths(abs);
  let grouped = whole;
  if (whole.length >= 3 + symbols.minimumGroupingDigits) {
    grouped = whole.replace(/\B(?=(\d{3})+$)/g, symbols.group);
  }
  const sign = n < 0 || Object.is(n, -0) ? symbols.minus : '';
  return `${sign}${grouped}${decimals ? symbols.decimal + decimals : ''}`;
}

/**
 * `abs` (finite, under 1e21) rounded to three decimals as ICU does, as whole digits and decimals
 * without trailing zeros. The shortest round-trip decimal (String(n)) is rounded, not the binary
 * value: 1.0005 is "1.001", where toFixed(3) says "1.000".
 */
function roundToThousandths(abs: number): [string, string] {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(abs));
  if (!m) return [abs.toFixed(0), ''];
  let digits = (m[1] ?? '') + (m[2] ?? '');
  // Where the decimal point goes in `digits`.
  let point = (m[1] ?? '').length + Number(m[3] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (digits.length < point) digits += '0'.repeat(point - digits.length);
  let kept = digits.slice(0, point + 3).padEnd(point + 3, '0');
  if ((digits[point + 3] ?? '0') >= '5') {
    // Add one in the last kept place, carrying.
    const carried = (BigInt(kept) + 1n).toString().padStart(kept.length, '0');
    if (carried.length > kept.length) point += 1;
    kept = carried;
  }
  const whole = kept.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  return [whole, kept.slice(point).replace(/0+$/, '')];
}
