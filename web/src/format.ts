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
