/**
 * The page's interface languages and how one is chosen. Pure functions, so the choice can be
 * tested without a browser; strings.ts applies the result.
 */

import { LANGUAGE_NAMES } from '../../../functions/rules/language-names.ts';

/** Codes and the name each language has in itself (shown in the switcher). Fallback is `en`. */
export const LANGUAGES = LANGUAGE_NAMES;

export type Language = keyof typeof LANGUAGES;

export const DEFAULT_LANGUAGE: Language = 'en';

/** Where the reader's own choice is kept (localStorage). */
export const LANGUAGE_STORAGE_KEY = 'undersigned.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/** A BCP 47 tag's language if we have it: "ru-RU" → "ru", "uk" → "uk", "de-AT" → undefined. */
export function matchLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

export interface LanguageInputs {
  /** `location.search` (the query before the `#`), e.g. "?lang=ka". */
  search?: string;
  /** The saved choice (localStorage), if any. */
  saved?: string | null;
  /** `navigator.languages`, most preferred first. */
  preferred?: readonly string[];
}

/** The language to show: `?lang=` in the URL > the saved choice > the browser's languages > English. */
export function chooseLanguage({ search = '', saved, preferred = [] }: LanguageInputs): Language {
  const fromUrl = matchLanguage(new URLSearchParams(search).get('lang'));
  if (fromUrl) return fromUrl;
  const fromSaved = matchLanguage(saved);
  if (fromSaved) return fromSaved;
  for (const tag of preferred) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The locale for numbers and dates: the reader's own regional variant of the chosen language when
 * the browser lists one ("en-GB" writes "3 March 2027", "en-US" "March 3, 2027"), else the bare code.
 */
export function localeFor(language: Language, preferred: readonly string[] = []): string {
  for (const tag of preferred) {
    if (matchLanguage(tag) !== language) continue;
    try {
      const canonical = Intl.getCanonicalLocales(tag)[0];
      if (canonical) return canonical;
    } catch {
      // Not a valid tag: try the next one.
    }
  }
  return language;
}
