/**
 * Country names and numbers in each of the ten languages, from the data generated at build time out
 * of Node's full ICU (./locale-data/<lang>.ts, written by web/locale-data.ts). The page uses these
 * instead of the browser's Intl, whose locale data may lack a language (Debian's Chromium has no
 * Georgian, Armenian, Azerbaijani or Kazakh: it showed English names and "5,000").
 *
 * English is always here; another language's data is added with useLocaleData() (the page loads it
 * with the language's catalog, web/src/strings.ts; the server can add all of ./locale-data/index.ts).
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

export interface LocaleData {
  number: NumberSymbols;
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
