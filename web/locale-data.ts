/**
 * Writes functions/rules/locale-data/: country names, number symbols, the page's date patterns
 * (with month names and AM/PM words) and "2 min ago" phrases for each of the ten languages, taken
 * from Node's full ICU, one module per language (the page loads a language's with
 * its catalog, as a lazy chunk) and index.ts with all of them (for the server and the tests). The page
 * shows country names, numbers and dates from these and never asks the browser's Intl for them:
 * Chromium as Debian builds it carries no Georgian, Armenian, Azerbaijani or Kazakh locale data, and
 * fell back to English names, "5,000" and "January 1, 1970" (or "1970 M01 1").
 *
 * The generated modules are committed (tsc, the tests and the Lambda bundles need them without a
 * build step), and web/build.ts runs this before every build, so the page is built from the ICU of the
 * Node that builds it. test/unit/locale-data.test.ts fails while a committed file differs from what
 * this Node generates: run `npm run build:web` (or `tsx web/locale-data.ts`) and commit the result.
 *
 *   tsx web/locale-data.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COUNTRY_CODES } from '../functions/rules/countries.ts';
import { DATE_STYLES } from '../functions/rules/locale-format.ts';
import { LANGUAGES } from '../functions/lib/language.ts';

export const LOCALE_DATA_DIR = fileURLToPath(new URL('../functions/rules/locale-data/', import.meta.url));

/** A number's symbols as Intl.NumberFormat(lang) writes them, and when it starts grouping digits. */
function numberSymbols(lang: string) {
  const format = new Intl.NumberFormat(lang);
  const part = (n: number, type: Intl.NumberFormatPartTypes): string => {
    const found = format.formatToParts(n).find((p) => p.type === type);
    if (!found) throw new Error(`Intl.NumberFormat(${lang}) wrote no ${type} in ${n}`);
    return found.value;
  };
  // CLDR's minimumGroupingDigits: 2 means "5000" but "12 345" (Georgian, Armenian, Latvian).
  const minimumGroupingDigits = format.formatToParts(1000).some((p) => p.type === 'group') ? 1 : 2;
  return { group: part(12345, 'group'), decimal: part(1.5, 'decimal'), minus: part(-1, 'minusSign'), minimumGroupingDigits };
}

export { DATE_STYLES };

export type DateStyleName = keyof typeof DATE_STYLES;

/** The units of the dashboard's "2 min ago" (always in the past), as Intl.RelativeTimeFormat names them. */
export const RELATIVE_UNITS = ['second', 'minute', 'hour', 'day'] as const;
export const RELATIVE_OPTIONS = { numeric: 'auto', style: 'short' } as const satisfies Intl.RelativeTimeFormatOptions;

const NUMBERED = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/**
 * How `lang` writes one style, read off Intl.DateTimeFormat#formatToParts: the pattern with its
 * fields as {day}, {month}…; the month names as this style writes them (the genitive "5 марта" in
 * Russian's long date, "marts" in Latvian's), or whether a numbered month has two digits; which
 * numbers have two digits; the hour cycle and the AM/PM words. Throws when the pattern changes
 * with the date, or anything appears that locale-format.ts cannot write, rather than ship a
 * format that differs from Intl.
 */
function dateStyle(lang: string, name: DateStyleName, months: string[][]) {
  const format = new Intl.DateTimeFormat(lang, { ...DATE_STYLES[name], timeZone: 'UTC' });
  const resolved = format.resolvedOptions();
  if (resolved.numberingSystem !== 'latn' || resolved.calendar !== 'gregory') throw new Error(`${lang} ${name}: ${resolved.numberingSystem} ${resolved.calendar}`);
  // V8's format() writes a plain space where ICU (and formatToParts) put a narrow no-break one, as
  // in "3:04 PM": the page writes what format() writes.
  const plain = (text: string): string => text.replace(/\u202f/g, ' ');
  const fieldsOf = (date: number): Intl.DateTimeFormatPart[] => {
    const parts = format.formatToParts(date);
    const joined = parts.map((p) => p.value).join('');
    const written = format.format(date);
    if (written === joined) return parts;
    if (written === plain(joined)) return parts.map((p) => ({ ...p, value: plain(p.value) }));
    throw new Error(`${lang} ${name}: format() wrote ${JSON.stringify(written)}, formatToParts() ${JSON.stringify(joined)}`);
  };
  const patternOf = (parts: Intl.DateTimeFormatPart[]): string =>
    parts
      .map((p) => {
        if (p.type === 'literal') {
          if (/[{}]/.test(p.value)) throw new Error(`${lang} ${name}: a brace in ${JSON.stringify(p.value)}`);
          return p.value;
        }
        if (!(NUMBERED as readonly string[]).includes(p.type) && p.type !== 'dayPeriod') throw new Error(`${lang} ${name}: no support for ${p.type}`);
        return `{${p.type}}`;
      })
      .join('');
  // One day in each month, at an hour before and after noon, all written with one pattern.
  const samples = Array.from({ length: 12 }, (_, m) => [Date.UTC(2027, m, 1, 1, 2, 3), Date.UTC(2027, m, 28, 13, 2, 3)]).flat();
  const pattern = patternOf(fieldsOf(samples[0]!));
  for (const date of samples) {
    if (patternOf(fieldsOf(date)) !== pattern) throw new Error(`${lang} ${name}: the pattern changes with the date`);
  }
  const value = (date: number, type: string): string => fieldsOf(date).find((p) => p.type === type)?.value ?? '';
  const style: { pattern: string; months?: number; pad?: string[]; hourCycle?: string; dayPeriods?: [string, string] } = { pattern };
  const early = samples[0]!;
  const pad: string[] = [];
  for (const field of NUMBERED) {
    if (!pattern.includes(`{${field}}`)) continue;
    const written = value(early, field);
    if (field === 'year') {
      if (written !== '2027') throw new Error(`${lang} ${name}: the year 2027 written ${written}`);
    } else if (field === 'month' && !/^\d+$/.test(written)) {
      const names = Array.from({ length: 12 }, (_, m) => value(Date.UTC(2027, m, 1), 'month'));
      const known = months.findIndex((list) => list.join('\n') === names.join('\n'));
      style.months = known >= 0 ? known : months.push(names) - 1;
    } else if (written === '01' || written === '02' || written === '03') pad.push(field);
    else if (!['1', '2', '3'].includes(written)) throw new Error(`${lang} ${name}: ${field} written ${written}`);
  }
  if (pad.length > 0) style.pad = pad;
  if (pattern.includes('{hour}')) {
    style.hourCycle = resolved.hourCycle ?? 'h23';
    if (!['h11', 'h12', 'h23', 'h24'].includes(style.hourCycle)) throw new Error(`${lang} ${name}: hour cycle ${style.hourCycle}`);
  }
  if (pattern.includes('{dayPeriod}')) style.dayPeriods = [value(Date.UTC(2027, 0, 1, 1), 'dayPeriod'), value(Date.UTC(2027, 0, 1, 13), 'dayPeriod')];
  return style;
}

/** Every date style of `lang`, and the lists of month names they use (each list once). */
function dates(lang: string) {
  const months: string[][] = [];
  const styles = Object.fromEntries(Object.keys(DATE_STYLES).map((name) => [name, dateStyle(lang, name as DateStyleName, months)]));
  return { months, styles };
}

/**
 * "2 min ago" in `lang`, for each unit: the words Intl uses instead of a number ("now", "yesterday",
 * "позавчера"), by how many units ago, and the phrase for each plural category with {0} for the
 * number (for the categories whole numbers fall in: Russian's "other" is for fractions). Only the past: the dashboard never says "in 2 min".
 */
function relativeTimes(lang: string) {
  const auto = new Intl.RelativeTimeFormat(lang, RELATIVE_OPTIONS);
  const always = new Intl.RelativeTimeFormat(lang, { ...RELATIVE_OPTIONS, numeric: 'always' });
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  return Object.fromEntries(
    RELATIVE_UNITS.map((unit) => {
      const words: Record<string, string> = {};
      for (let ago = 0; ago <= 10; ago++) {
        if (auto.format(-ago, unit) !== always.format(-ago, unit)) words[ago] = auto.format(-ago, unit);
      }
      const past: Record<string, string> = {};
      for (let n = 0; n <= 1000; n++) {
        const category = plural.select(n);
        if (past[category] !== undefined) continue;
        const phrase = always.format(-n, unit);
        const digits = number.format(n);
        if (phrase.split(digits).length !== 2) throw new Error(`${lang} ${unit}: ${digits} not once in ${phrase}`);
        past[category] = phrase.replace(digits, '{0}');
      }
      return [unit, { words, past }];
    }),
  );
}

/** Every assigned country named in `lang`, sorted as that language sorts (Intl.Collator). */
function countryNames(lang: string): [string, string][] {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  const collator = new Intl.Collator(lang, { sensitivity: 'base' });
  return COUNTRY_CODES.map((code): [string, string] => [code, names.of(code) ?? code]).sort(
    (a, b) => collator.compare(a[1], b[1]) || (a[0] < b[0] ? -1 : 1),
  );
}

const header = (what: string): string => `/**
 * GENERATED by web/locale-data.ts from Node's ICU ${process.versions.icu} (CLDR ${process.versions.cldr}); do not edit.
 * ${what}
 */
`;

// Invisible spaces (the no-break space many languages group digits with) are written as escapes.
const visible = (source: string): string =>
  source.replace(/[\u00a0\u2000-\u200f\u202f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The generated files by name: <lang>.ts for each language, and index.ts. */
export function generateLocaleData(): Map<string, string> {
  const files = new Map<string, string>();
  for (const lang of LANGUAGES) {
    const lines = countryNames(lang).map((entry) => `    ${JSON.stringify(entry)},`).join('\n');
    files.set(
      `${lang}.ts`,
      visible(`${header(`Country names in ${lang} (sorted as ${lang} sorts them), its number symbols, date patterns and "2 min ago" phrases. No imports: the page loads it as a chunk.`)}
export default {
  number: ${JSON.stringify(numberSymbols(lang))},
  dates: ${JSON.stringify(dates(lang))},
  relative: ${JSON.stringify(relativeTimes(lang))},
  countries: [
${lines}
  ],
} as const;
`),
    );
  }
  files.set(
    'index.ts',
    `${header('Every language\'s country names, number symbols and date patterns, for the server and the tests (the page loads one at a time).')}
${LANGUAGES.map((lang) => `import ${lang} from './${lang}.ts';`).join('\n')}

export const LOCALE_DATA = { ${LANGUAGES.join(', ')} } as const;
`,
  );
  return files;
}

/** Writes the modules that differ from what this Node's ICU says; true when any did. */
export async function writeLocaleData(): Promise<boolean> {
  await mkdir(LOCALE_DATA_DIR, { recursive: true });
  let changed = false;
  for (const [name, source] of generateLocaleData()) {
    const file = join(LOCALE_DATA_DIR, name);
    if ((await readFile(file, 'utf8').catch(() => undefined)) === source) continue;
    await writeFile(file, source);
    changed = true;
  }
  return changed;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`locale data: ${(await writeLocaleData()) ? 'written to' : 'unchanged in'} ${LOCALE_DATA_DIR}`);
}
