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
  /** The confirmation as epoch ms, in place of `confirmedAt` (SignatoryTable). */
  confirmedMs?: number;
  textVersion?: number;
}

const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator for `order` in `lang`. */
export function signatoryComparator(order: SignatoryOrder, lang: Language): (a: Sortable, b: Sortable) => number {
  const collator = new Intl.Collator(lang, { sensitivity: 'variant', numeric: true });
  const byName = (a: Sortable, b: Sortable) => collator.compare(a.name, b.name) || byCodePoints(a.name, b.name);
  const byConfirmed = (a: Sortable, b: Sortable) =>
    a.confirmedMs !== undefined && b.confirmedMs !== undefined ? a.confirmedMs - b.confirmedMs : byCodePoints(a.confirmedAt ?? '', b.confirmedAt ?? '');
  return (a, b) =>
    (a.textVersion ?? 1) - (b.textVersion ?? 1) ||
    (order === 'name' ? byName(a, b) || byConfirmed(a, b) : byConfirmed(a, b) || byName(a, b));
}

/** Sorts `rows` in place and returns them. */
export function orderSignatories<T extends Sortable>(rows: T[], order: SignatoryOrder, lang: Language): T[] {
  return rows.sort(signatoryComparator(order, lang));
}

interface Row {
  name: string;
  country?: string;
  comment?: string;
  confirmedAt?: string;
  textVersion?: number;
}

/**
 * Signatories held for sorting, in columns rather than one object per row: a name string per row,
 * numbers in plain arrays (the confirmation time as epoch ms), country codes interned, comments only
 * where there are some. A list of 100,000 costs a few MB this way instead of tens (an object, a time
 * string and a country string per row), which keeps the dossier's memory close to flat.
 * `sort()` orders an index, not the rows; `rows()` hands out short-lived objects in that order, as
 * often as asked (the dossier reads its list three times).
 */
export class SignatoryTable {
  private readonly names: string[] = [];
  private readonly countries: (string | undefined)[] = [];
  private readonly comments: (string | undefined)[] = [];
  private readonly confirmed: number[] = [];
  private readonly versions: number[] = [];
  private readonly interned = new Map<string, string>();
  private order: Uint32Array | undefined;

  get size(): number {
    return this.names.length;
  }

  push(row: Row): void {
    this.names.push(row.name);
    let country = row.country;
    if (country !== undefined) {
      const known = this.interned.get(country);
      if (known === undefined) this.interned.set(country, country);
      else country = known;
    }
    this.countries.push(country);
    this.comments.push(row.comment || undefined);
    const at = row.confirmedAt ? Date.parse(row.confirmedAt) : Number.NaN;
    this.confirmed.push(Number.isNaN(at) ? -1 : at);
    this.versions.push(row.textVersion ?? 1);
    this.order = undefined;
  }

  /** Orders the list as orderSignatories would (the same comparator, on the same fields). */
  sort(order: SignatoryOrder, lang: Language): this {
    const compare = signatoryComparator(order, lang);
    const a: Sortable = { name: '' };
    const b: Sortable = { name: '' };
    const fill = (into: Sortable, i: number) => {
      into.name = this.names[i]!;
      // -1 (no time) sorts first, as an empty time string would.
      into.confirmedMs = this.confirmed[i]!;
      into.textVersion = this.versions[i]!;
      return into;
    };
    const index = Uint32Array.from({ length: this.size }, (_, i) => i);
    this.order = index.sort((i, j) => compare(fill(a, i), fill(b, j)));
    return this;
  }

  /** The rows, in sorted order once sorted (else as pushed). */
  *rows(): Generator<{ name: string; country?: string; comment?: string; confirmedAt?: string; textVersion: number }> {
    for (let k = 0; k < this.size; k++) {
      const i = this.order ? this.order[k]! : k;
      const country = this.countries[i];
      const comment = this.comments[i];
      const at = this.confirmed[i]!;
      yield {
        name: this.names[i]!,
        ...(country ? { country } : {}),
        ...(comment ? { comment } : {}),
        ...(at >= 0 ? { confirmedAt: new Date(at).toISOString() } : {}),
        textVersion: this.versions[i]!,
      };
    }
  }

  /** The text versions that have signatures. */
  signedVersions(): number[] {
    return [...new Set(this.versions)].sort((x, y) => x - y);
  }
}
