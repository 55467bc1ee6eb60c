/** Locale-aware formatting in the browser's language, with safe fallbacks. */
import { fill, pluralForm, type PluralForms } from './logic.ts';

function browserLocale(): string | undefined {
  const lang = typeof navigator === 'undefined' ? undefined : navigator.language;
  try {
    return lang ? (Intl.getCanonicalLocales(lang)[0] ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export const locale = browserLocale();

const numberFormat = new Intl.NumberFormat(locale);
const pluralRules = new Intl.PluralRules(locale);
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });

export function formatNumber(n: number): string {
  return numberFormat.format(n);
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

const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
const shortDateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });

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

let relativeFormat: Intl.RelativeTimeFormat | undefined;

/** "2 min ago", in the browser's language. */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  relativeFormat ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return relativeFormat.format(value, unit);
}
