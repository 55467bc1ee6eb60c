/**
 * Locale-aware formatting in the page's language (main.ts calls setFormatLocale whenever the
 * language changes), with safe fallbacks. Numbers come from the symbols the page ships
 * (functions/domain/locale-data.ts, from Node's full ICU), not the browser's Intl: Chromium without
 * Georgian data wrote "5,000" on the Georgian page.
 */
import { formatLocaleNumber } from '../../functions/domain/locale-format.ts';
import { fill, pluralForm, type PluralForms } from './logic.ts';

/** The locale numbers and dates are written in; a live binding, changed by setFormatLocale(). */
export let locale = 'en';

let pluralRules: Intl.PluralRules;
let dateFormat: Intl.DateTimeFormat;
let dayFormat: Intl.DateTimeFormat;
let shortDateFormat: Intl.DateTimeFormat;
let timeFormat: Intl.DateTimeFormat;
let hourFormat: Intl.DateTimeFormat;
let relativeFormat: Intl.RelativeTimeFormat | undefined;

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
  dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
  dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  shortDateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  hourFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
  relativeFormat = undefined;
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

export function formatDate(iso: string): string | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : dateFormat.format(d);
}

/** A calendar day (`YYYY-MM-DD`, no time zone) as "3 March 2027". */
export function formatDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  return dayFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

export function formatShortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : shortDateFormat.format(d);
}

export function formatTime(iso: string | number): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeFormat.format(d);
}

/** "14:00" or "2:00 PM": an hour on the dashboard's timeline. */
export function formatHour(ms: number): string {
  return hourFormat.format(new Date(ms));
}

/** "2 min ago", in the page's language. */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  relativeFormat ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return relativeFormat.format(value, unit);
}
