/**
 * Compares a translated catalog with the English one, for the web and the server catalogs alike
 * (test/unit/i18n.test.ts). Returns every problem as "path: what is wrong", so one failing test
 * lists all that a translator has to fix.
 *
 * Rules: the same keys and nesting (arrays the same length); a string where English has a string,
 * with exactly the same `{placeholders}`, and not empty unless English is; a plural object (keys
 * are CLDR categories, `other` among them) where English has one, with every category that
 * Intl.PluralRules(lang) can select, each form with the placeholders of the English forms.
 */
const CLDR_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}\s]+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plural entry: an object of CLDR categories with string values, `other` among them. */
export function isPlural(value: unknown): value is Record<string, string> {
  if (!isRecord(value) || !('other' in value)) return false;
  return Object.entries(value).every(([k, v]) => CLDR_CATEGORIES.has(k) && typeof v === 'string');
}

export function pluralCategories(lang: string): string[] {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function catalogProblems(reference: unknown, catalog: unknown, lang: string, path = ''): string[] {
  const at = path || '(root)';
  if (typeof reference === 'string') {
    if (typeof catalog !== 'string') return [`${at}: missing (expected a string)`];
    const problems: string[] = [];
    if (catalog.trim() === '' && reference.trim() !== '') problems.push(`${at}: empty`);
    const want = placeholders(reference);
    const got = placeholders(catalog);
    if (!same(want, got)) problems.push(`${at}: placeholders ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    return problems;
  }
  if (isPlural(reference)) {
    if (!isRecord(catalog)) return [`${at}: missing (expected plural forms)`];
    const problems: string[] = [];
    const want = placeholders(Object.values(reference).join(' '));
    for (const [category, form] of Object.entries(catalog)) {
      if (!CLDR_CATEGORIES.has(category)) problems.push(`${at}.${category}: not a CLDR plural category`);
      else if (typeof form !== 'string') problems.push(`${at}.${category}: expected a string`);
      else if (!same(placeholders(form), want)) {
        problems.push(`${at}.${category}: placeholders ${JSON.stringify(placeholders(form))}, expected ${JSON.stringify(want)}`);
      } else if (form.trim() === '' && Object.values(reference).some((f) => f.trim() !== '')) problems.push(`${at}.${category}: empty`);
    }
    for (const category of new Set([...pluralCategories(lang), 'other'])) {
      if (!(category in catalog)) problems.push(`${at}: plural category "${category}" missing (${lang} needs ${pluralCategories(lang).join(', ')})`);
    }
    return problems;
  }
  if (Array.isArray(reference)) {
    if (!Array.isArray(catalog)) return [`${at}: missing (expected a list)`];
    const problems = reference.flatMap((item, i) => catalogProblems(item, catalog[i], lang, `${path}[${i}]`));
    if (catalog.length !== reference.length) problems.push(`${at}: ${catalog.length} items, expected ${reference.length}`);
    return problems;
  }
  if (isRecord(reference)) {
    if (!isRecord(catalog)) return [`${at}: missing (expected an object)`];
    const problems = Object.keys(reference).flatMap((key) => catalogProblems(reference[key], catalog[key], lang, path ? `${path}.${key}` : key));
    for (const key of Object.keys(catalog)) {
      if (!(key in reference)) problems.push(`${path ? `${path}.${key}` : key}: not in the English catalog`);
    }
    return problems;
  }
  // Numbers, booleans: the same value is expected.
  return Object.is(reference, catalog) ? [] : [`${at}: ${JSON.stringify(catalog)}, expected ${JSON.stringify(reference)}`];
}
