/**
 * The signatures CSV: which columns, one row per confirmed signer, and the stream that writes it.
 *
 * No email column, ever: signers consented to sign, not to be contacted by the organiser, and a list
 * of addresses is what would hurt them most if a laptop were lost. Every field is quoted, and
 * wherever a spreadsheet could start a cell — with any locale's separator — a formula is neutralised. UTF-8 with a byte-order mark, so Excel shows Georgian, Armenian and
 * Cyrillic names as they were typed instead of mojibake.
 */
import { stringify, type Stringifier } from 'csv-stringify';

/** Which of the optional columns a campaign has: those its sign form asks for. */
export interface CsvFields {
  country: boolean;
  comment: boolean;
}

/** One confirmed signer, opened: what a row is made of. */
export interface SignatoryRow {
  name: string;
  country?: string;
  comment?: string;
  confirmedAt: string;
  textVersion: number;
}

export function csvColumns(fields: CsvFields): string[] {
  return ['name', ...(fields.country ? ['country'] : []), ...(fields.comment ? ['comment'] : []), 'confirmed_at', 'text_version'];
}

/**
 * Where a spreadsheet may start a cell inside one of our fields: just after any character some
 * importer splits on. Our file separates fields with `,` and quotes every one, but Excel in the
 * locales we serve (ru, uk, cs, lv, ro) splits a .csv on `;`, other programs on tab, and naive
 * importers split on the delimiter or a line break whatever the quotes say. To them `;=2+2;` in a
 * comment holds a formula cell, so the `=` needs neutralising too, not only the field's first
 * character.
 */
const STARTS_A_CELL = /[,;\t\r\n]/g;

/**
 * A formula sign (`=`, `+`, `-`, `@`, or the fullwidth forms Apple Numbers folds into them) after any
 * blanks, NULs or double quotes: importers that trim cells (LibreOffice's "Trim spaces", Google
 * Sheets) look past whitespace, and naive ones drop quotes.
 */
const SIGN_AHEAD = /[\s\0"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/uy;

/** Controls some programs skip before looking for a sign: a tab, CR or NUL at a cell start (and LF at the field's). */
function controlAt(text: string, at: number): boolean {
  const c = text[at];
  return c === '\t' || c === '\r' || c === '\0' || (at === 0 && c === '\n');
}

function startsFormula(text: string, at: number): boolean {
  SIGN_AHEAD.lastIndex = at;
  return SIGN_AHEAD.test(text) || controlAt(text, at);
}

/**
 * Makes a field inert in any spreadsheet: a `'` (which makes a cell text: OWASP's CSV injection
 * advice; ASVS 1.2.10 adds NUL) at every place a cell could start — the field's start, and just after
 * each `,` `;` tab, CR or LF in it — where a formula would begin. Nothing else changes, so names and
 * comments in any script come through as typed: "Jean-Luc" stays, `;=2+2;` becomes `;'=2+2;`. A
 * signer called `=HYPERLINK(…)` must not run code on the organiser's computer.
 */
export function neutralise(field: string): string {
  const starts = [0, ...Array.from(field.matchAll(STARTS_A_CELL), (m) => m.index + 1)];
  let out = '';
  let from = 0;
  for (const at of starts) {
    if (at >= field.length || !startsFormula(field, at)) continue;
    out += `${field.slice(from, at)}'`;
    from = at;
  }
  return out + field.slice(from);
}

/** The row of one signer, in the order of csvColumns(fields). */
export function csvRecord(row: SignatoryRow, fields: CsvFields): (string | number)[] {
  return [
    neutralise(row.name),
    ...(fields.country ? [neutralise(row.country ?? '')] : []),
    ...(fields.comment ? [neutralise(row.comment ?? '')] : []),
    neutralise(row.confirmedAt),
    row.textVersion,
  ];
}

/**
 * The CSV writer: takes records from csvRecord, gives bytes. A stream, so an export of any size
 * passes through in constant memory. RFC 4180 line ends (CRLF), which Excel expects. Every field is
 * quoted, empty ones and the header too: a separator inside a field then never splits it for a
 * parser that honours quotes, whichever separator it uses.
 */
export function csvWriter(fields: CsvFields): Stringifier {
  return stringify({
    bom: true,
    header: true,
    columns: csvColumns(fields),
    record_delimiter: 'windows',
    quoted: true,
    quoted_empty: true,
  });
}
