/**
 * The order of a dossier's signatories, chosen at export. Pure: no I/O.
 *
 * Storage order (shard by shard, by signer id) says nothing and changes between exports, so the list
 * is always sorted: grouped by the text version each signer signed (lowest first), and within a
 * version in the order the signatures were confirmed, or alphabetically by name with the collation of
 * the dossier's language (Intl.Collator: "Č" after "C" in Czech, Georgian and Armenian in their own
 * alphabet order). Ties fall back to the other key and then to the code points, so two exports of the
 * same signatures list them identically.
 */
import type { Language } from '#lib/language.ts';

export const SIGNATORY_ORDERS = ['confirmed', 'name'] as const;
export type SignatoryOrder = (typeof SIGNATORY_ORDERS)[number];

interface Sortable {
  name: string;
  confirmedAt?: string;
  textVersion?: number;
}

const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator for `order` in `lang`. */
export function signatoryComparator(order: SignatoryOrder, lang: Language): (a: Sortable, b: Sortable) => number {
  const collator = new Intl.Collator(lang, { sensitivity: 'variant', numeric: true });
  const byName = (a: Sortable, b: Sortable) => collator.compare(a.name, b.name) || byCodePoints(a.name, b.name);
  const byConfirmed = (a: Sortable, b: Sortable) => byCodePoints(a.confirmedAt ?? '', b.confirmedAt ?? '');
  return (a, b) =>
    (a.textVersion ?? 1) - (b.textVersion ?? 1) ||
    (order === 'name' ? byName(a, b) || byConfirmed(a, b) : byConfirmed(a, b) || byName(a, b));
}

/** Sorts `rows` in place and returns them. */
export function orderSignatories<T extends Sortable>(rows: T[], order: SignatoryOrder, lang: Language): T[] {
  return rows.sort(signatoryComparator(order, lang));
}
