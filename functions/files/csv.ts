/**
 * The signatures CSV: which columns, one row per confirmed signer, and the stream that writes it.
 *
 * No email column, ever: signers consented to sign, not to be contacted by the organiser, and a list
 * of addresses is what would hurt them most if a laptop were lost. Cells that a spreadsheet would run
 * as a formula are neutralised. UTF-8 with a byte-order mark, so Excel shows Georgian, Armenian and
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
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab, carriage
 * return or NUL, which some programs skip before looking) gets a leading `'`, which makes it text
 * (OWASP's CSV injection advice; ASVS 1.2.10 adds NUL). Whitespace before the sign does not save a
 * cell: importers that trim cells (LibreOffice's "Trim spaces", Google Sheets) see the formula
 * after all. A signer called `=HYPERLINK(…)` must not run code on the organiser's computer.
 */
const FORMULA_START = /^[\s\0]*[=+\-@]|^[\t\r\n\0]/u;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
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
 * passes through in constant memory. RFC 4180 line ends (CRLF), which Excel expects.
 */
export function csvWriter(fields: CsvFields): Stringifier {
  return stringify({ bom: true, header: true, columns: csvColumns(fields), record_delimiter: 'windows' });
}
