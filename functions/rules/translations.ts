/**
 * Campaigns in several languages: the original (in `language`) plus translations of its title and
 * text, each in one of the interface languages. Pure rules, no I/O.
 *
 * A translation is not signed text: signatures record the original's version (`textVersion`), and
 * editing a translation keeps no version. A translation remembers the original's version it was made
 * from (`sourceVersion`), so the editor can say when the original has changed since.
 */
import { HttpError } from '#lib/errors.ts';
import { LANGUAGES, isLanguage, type Language } from '#lib/language.ts';

/** The languages a campaign may be written or translated in: the interface languages (all left-to-right). */
export const CAMPAIGN_LANGUAGES = LANGUAGES;
export type CampaignLanguage = Language;

/** Campaigns stored before languages existed were written in English. */
export const DEFAULT_CAMPAIGN_LANGUAGE: CampaignLanguage = 'en';

/** Each language's name in itself (one list for the page and the server). */
export { LANGUAGE_NAMES } from './language-names.ts';

export const isCampaignLanguage = isLanguage;

export interface Translation {
  title: string;
  text: string;
  /** The original's text version when this translation was last saved. */
  sourceVersion: number;
  updatedAt: string;
  /** Member id (or `token:<id>`) of who saved it. */
  updatedBy: string;
}

/**
 * The primary language subtags of an Accept-Language header, best first (by q, then order); `q=0`
 * ranges and `*` are dropped. `ka-GE;q=0.8` counts as `ka`. Unlike requestLanguage (#lib/language.ts),
 * which wants the best *interface* language and falls back to English, a campaign picks among the
 * languages it has, so it needs the whole ordered list.
 */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const ranges: { tag: string; q: number; at: number }[] = [];
  // A header is short; a hostile one need not be read in full.
  header.split(',').slice(0, 20).forEach((part, at) => {
    const [range = '', ...params] = part.trim().split(';');
    const tag = range.trim().toLowerCase().split('-')[0] ?? '';
    if (!/^[a-z]{2,3}$/.test(tag)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    ranges.push({ tag, q, at });
  });
  ranges.sort((a, b) => b.q - a.q || a.at - b.at);
  return [...new Set(ranges.map((r) => r.tag))];
}

/**
 * Which language a reader gets: the one asked for in `?lang=` if the campaign has it, else (only when
 * no `?lang=` was given) the best of Accept-Language the campaign has, else the original. Not the
 * interface's English fallback: a German reader of a Russian campaign with an English translation
 * gets the Russian original, which is what the organiser wrote.
 *
 * `from` says what decided it: an answer decided by Accept-Language must not be shared by a cache
 * that keys only on the URL.
 */
export function pickLanguage(
  original: CampaignLanguage,
  translated: readonly string[],
  ask: { query?: string; acceptLanguage?: string },
): { language: CampaignLanguage; from: 'query' | 'header' | 'original' } {
  const available = new Set<string>([original, ...translated]);
  const query = ask.query?.trim().toLowerCase();
  if (query) return isCampaignLanguage(query) && available.has(query) ? { language: query, from: 'query' } : { language: original, from: 'query' };
  for (const tag of acceptedLanguages(ask.acceptLanguage)) {
    if (isCampaignLanguage(tag) && available.has(tag)) return { language: tag, from: 'header' };
  }
  return { language: original, from: ask.acceptLanguage ? 'header' : 'original' };
}

/** The languages a campaign can be read in: the original first, then its translations in the catalogue's order. */
export function availableLanguages(original: CampaignLanguage, translated: readonly string[]): CampaignLanguage[] {
  return [original, ...CAMPAIGN_LANGUAGES.filter((l) => l !== original && translated.includes(l))];
}

/** A language code from a path, or 400 naming the choices. */
export function translationLanguage(value: string): CampaignLanguage {
  if (isCampaignLanguage(value)) return value;
  throw new HttpError(400, 'invalid_language', 'translationLanguage');
}
