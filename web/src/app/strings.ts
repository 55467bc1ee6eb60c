/**
 * The strings the page shows, in the reader's language. `strings` is a live binding: modules read
 * `strings.x` when they render, and `setLanguage()` swaps the whole catalog before the first render
 * and whenever the reader picks another language. The English catalog is bundled; the others are
 * separate chunks (esbuild turns the import below into one lazy chunk per file in ./i18n/), so a
 * reader downloads only the language they read.
 *
 * A module that keeps a section in a constant (`const t = strings.org`) would keep the old
 * language after a switch: use `live(() => strings.org)` for that.
 */
import en, { type Strings } from './i18n/en.ts';
import { useLocaleData, type LocaleData } from '../../../functions/rules/locale-format.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './language.ts';

export type { PrivacySection, Strings } from './i18n/en.ts';
export { LANGUAGES, type Language } from './language.ts';

export let strings: Strings = en;
export let lang: Language = DEFAULT_LANGUAGE;

const cache = new Map<Language, Strings>([['en', en]]);
/** Counts calls, so that when two switches overlap the later one wins whatever loads first. */
let requests = 0;

/** Fetches a catalog (once). Throws when its chunk cannot be loaded. */
async function loadCatalog(language: Language): Promise<Strings> {
  const cached = cache.get(language);
  if (cached) return cached;
  // A template literal import: esbuild bundles every ./i18n/*.ts as its own lazy chunk. The language's
  // country names and number symbols come with it (functions/rules/locale-format.ts), not from the
  // browser's Intl.
  const [mod, data] = await Promise.all([
    import(`./i18n/${language}.ts`) as Promise<{ default: Strings }>,
    import(`../../../functions/rules/locale-data/${language}.ts`) as Promise<{ default: LocaleData }>,
  ]);
  useLocaleData(language, data.default);
  cache.set(language, mod.default);
  return mod.default;
}

/**
 * Switches the page to `language`. If its catalog cannot be loaded (offline, or not written yet),
 * the page stays in the language it had, or English on first load; the result says which applies.
 */
export async function setLanguage(language: string): Promise<Language> {
  const wanted = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  const request = ++requests;
  try {
    const catalog = await loadCatalog(wanted);
    if (request !== requests) return lang;
    strings = catalog;
    lang = wanted;
  } catch {
    // Keep the current catalog: a page in a language is better than a broken page.
  }
  return lang;
}

/**
 * A view of a section of the current catalog that follows language switches, for modules that
 * name a section once at the top: `const t = live(() => strings.org.editor)`.
 */
export function live<T extends object>(pick: () => T): T {
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(pick(), key),
    has: (_target, key) => Reflect.has(pick(), key),
    ownKeys: () => Reflect.ownKeys(pick()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(pick(), key);
      return d ? { ...d, configurable: true } : d;
    },
  });
}
