/**
 * Text helpers every page uses: UI string placeholders, plural forms, paragraphs. Pure.
 */
/** Splits plain text into paragraphs on blank lines; single line breaks stay inside a paragraph. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Replaces `{key}` placeholders in a UI string. Unknown placeholders are left as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Plural forms for a UI string, keyed by CLDR plural category; `other` is always present. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export function pluralForm(forms: PluralForms, rules: Pick<Intl.PluralRules, 'select'>, n: number): string {
  return forms[rules.select(n)] ?? forms.other;
}
