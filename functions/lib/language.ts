/**
 * Which language the server answers in, and its words. The page sends `Accept-Language: <lang>` with
 * every request; browsers and other clients send their own list with q-values and region subtags
 * (`ka-GE,ka;q=0.9,en;q=0.8`). The first supported language wins; English is the fallback.
 *
 * Catalogs live in functions/i18n/<lang>.ts. English is imported statically (it is the fallback, and
 * HttpErrors render their English message when thrown); the others are loaded on first use and
 * cached, so a function only loads the languages its requests ask for. They are kept out of the
 * Lambda bundles: the stack compiles each to `i18n/<lang>.mjs` beside the bundle (see
 * infra/constructs/api-function.ts), and run from source they are read where they are.
 * httpHandler loads the request's catalog before the handler runs, so code below it can use
 * `stringsFor(lang)` synchronously.
 */
import en, { type PluralForms, type ServerStrings } from '../i18n/en.ts';
import { logger } from './logger.ts';

export const LANGUAGES = ['en', 'cs', 'ro', 'ru', 'uk', 'lv', 'hy', 'ka', 'az', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The best supported language of an Accept-Language header: by q-value (stable for equal ones), a
 * region or script subtag ignored (`ka-GE` → ka), `q=0` meaning "not this one"; else English.
 */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranges = acceptLanguage
    .split(',')
    .slice(0, 20) // a header is short; a hostile one need not be read in full
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.find((r) => isLanguage(r.primary))?.primary as Language | undefined ?? DEFAULT_LANGUAGE;
}

interface LanguageEvent {
  headers?: Record<string, string | undefined>;
}

/** The language of a request, from its Accept-Language header (API Gateway lower-cases header names). */
export function requestLanguage(event: LanguageEvent): Language {
  const headers = event.headers ?? {};
  return pickLanguage(headers['accept-language'] ?? headers['Accept-Language']);
}

const loaded = new Map<Language, ServerStrings>([['en', en]]);
const loading = new Map<Language, Promise<ServerStrings>>();

/**
 * The catalog of a language, loaded once. A language whose file is missing (or fails to load) falls
 * back to English rather than failing the request; the i18n test makes sure no language is missing.
 */
export function loadStrings(lang: Language): Promise<ServerStrings> {
  const ready = loaded.get(lang);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(lang);
  if (!pending) {
    pending = importCatalog(lang).then(
      (module: { default: ServerStrings }) => {
        loaded.set(lang, module.default);
        return module.default;
      },
      (error: unknown) => {
        logger.warn('language catalog not loaded; using English', { lang, errorName: (error as Error)?.name });
        loaded.set(lang, en);
        return en;
      },
    );
    loading.set(lang, pending);
  }
  return pending;
}

/**
 * A catalog module: beside the bundle in Lambda, in the source tree otherwise. The specifiers are
 * built at run time on purpose, so esbuild leaves them to the runtime instead of bundling every
 * language into every function.
 */
async function importCatalog(lang: Language): Promise<{ default: ServerStrings }> {
  const bundled = new URL(`./i18n/${lang}.mjs`, import.meta.url).href;
  try {
    return await import(bundled);
  } catch {
    const source = ['..', 'i18n', `${lang}.ts`].join('/');
    return import(source);
  }
}

/** The catalog of a language already loaded with loadStrings (httpHandler does for the request's); else English. */
export function stringsFor(lang: Language = DEFAULT_LANGUAGE): ServerStrings {
  return loaded.get(lang) ?? en;
}

export type Params = Record<string, string | number>;

/** The CLDR form of a plural string for a count; `other` when the language has no separate form. */
export function pluralForm(lang: Language, forms: PluralForms, count: number): string {
  return forms[new Intl.PluralRules(lang).select(count)] ?? forms.other;
}

/**
 * Fills placeholders in one pass, so a value that happens to contain "{days}" stays as written.
 * Numbers are formatted for the language. A plural string is chosen by its {count}. An unknown
 * placeholder is a mistake in a translation: fail loudly rather than show a "{titel}".
 */
export function format(lang: Language, message: string | PluralForms, params: Params = {}): string {
  const template = typeof message === 'string' ? message : pluralForm(lang, message, Number(params.count));
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Message uses an unknown placeholder {${key}}.`);
    return typeof value === 'number' ? new Intl.NumberFormat(lang).format(value) : value;
  });
}
