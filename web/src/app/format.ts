/**
 * Locale-aware formatting in the page's language (main.ts calls setFormatLocale whenever the
 * language changes), with safe fallbacks. Numbers, dates and "2 min ago" come from the data the page
 * ships (functions/rules/locale-data/, from Node's full ICU), not the browser's Intl: Chromium
 * without Georgian data wrote "5,000" and "January 1, 1970" on the Georgian page. Only plural rules
 * are the browser's (Chromium has them for all ten languages).
 *
 * One exception: a regional variant the browser itself has data for (en-GB, ru-KZ) gets its dates
 * from the browser, because the shipped data is one per language and would write a British reader's
 * dates the American way. A bare language (what the Georgian page uses) always gets the shipped data.
 *
 * Time zones: a calendar day is written as it is (UTC); a moment in the reader's own zone, read with
 * Date's getHours() and the like, which need no locale data.
 */
import {
  DATE_STYLES,
  formatLocaleDate,
  formatLocaleNumber,
  formatLocaleRelative,
  localFields,
  type DateStyle,
  type RelativeUnit,
} from '../../../functions/rules/locale-format.ts';
import { fill, pluralForm, type PluralForms } from './text.ts';

/** The locale numbers and dates are written in; a live binding, changed by setFormatLocale(). */
export let locale = 'en';

let pluralRules: Intl.PluralRules;
/** The browser's date formats for a regional variant it knows; undefined: the shipped data. */
let regional: { [S in DateStyle]: Intl.DateTimeFormat } | undefined;

function regionalFormats(tag: string): typeof regional {
  if (!tag.includes('-')) return undefined;
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([tag])[0] !== tag) return undefined;
    // A calendar day is written as it is (UTC); every other style is a moment in the reader's zone.
    const entries = Object.entries(DATE_STYLES).map(([style, options]) => [style, new Intl.DateTimeFormat(tag, style === 'day' ? { ...options, timeZone: 'UTC' } : options)]);
    return Object.fromEntries(entries) as { [S in DateStyle]: Intl.DateTimeFormat };
  } catch {
    return undefined;
  }
}

/**
 * Switches every formatter to `tag` (e.g. "ru" or "en-GB"). Plural rules follow the same tag, so
 * the catalog's plural categories match: an invalid tag falls back to English for everything.
 */
export function setFormatLocale(tag: string): void {
  try {
    locale = Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    locale = 'en';
  }
  pluralRules = new Intl.PluralRules(locale);
  regional = regionalFormats(locale);
}

setFormatLocale(locale);

export function formatNumber(n: number): string {
  return formatLocaleNumber(locale, n);
}

/** Picks the plural form for `count` and fills `{count}` with the formatted number. */
export function formatPlural(forms: PluralForms, count: number, extra: Record<string, string | number> = {}): string {
  return fill(pluralForm(forms, pluralRules, count), { count: formatNumber(count), ...extra });
}

export function pluralWord(forms: PluralForms, count: number): string {
  return pluralForm(forms, pluralRules, count);
}

/** A moment in the reader's time zone, in one of the shipped styles; '' for an invalid time. */
function moment(value: string | number | Date, style: DateStyle): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return regional ? regional[style].format(d) : formatLocaleDate(locale, style, localFields(d));
}

/** "March 5, 2027 at 3:04 PM": a deadline. */
export function formatDate(iso: string): string | undefined {
  return moment(iso, 'dateTime') || undefined;
}

/** A calendar day (`YYYY-MM-DD`, no time zone) as "3 March 2027". */
export function formatDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  if (regional) return regional.day.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return formatLocaleDate(locale, 'day', { year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]), hour: 0, minute: 0, second: 0 });
}

/** "Mar 5, 2027". */
export function formatShortDate(iso: string): string {
  return moment(iso, 'medium');
}

/** "3:04:09 PM". */
export function formatTime(iso: string | number): string {
  return moment(iso, 'time');
}

/** "3:04 PM" or "09:15": a time of day, to the minute. */
export function formatShortTime(ms: number): string {
  return moment(ms, 'shortTime');
}

/** "14:00" or "2:00 PM": an hour on the dashboard's timeline. */
export function formatHour(ms: number): string {
  return moment(ms, 'hour');
}

/** "Mar 5": a day on the dashboard's timeline. */
export function formatDayMonth(ms: number): string {
  return moment(ms, 'dayMonth');
}

/** "3/5/2027": a day in the timeline's table. */
export function formatNumericDate(ms: number): string {
  return moment(ms, 'numeric');
}

/** "2 min ago", in the page's language (always the past: `value` ≤ 0). */
export function formatRelative(value: number, unit: RelativeUnit): string {
  return formatLocaleRelative(locale, value, unit);
}
