/**
 * The signatures CSV opened the ways organisers' spreadsheets open it (issue #13 item 8). Excel in
 * Russian, Ukrainian, Czech, Latvian and Romanian splits a .csv on `;`, others on `,` or tab, and
 * some importers ignore quotes altogether. Whatever the importer, no cell may start a formula — even
 * when a signer's comment holds `;=2+2;` or a tab or a line break before a formula — while names and
 * comments otherwise come through as they were typed.
 */
import './unit-env.ts';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRecord, csvWriter, type CsvFields, type SignatoryRow } from '#documents/csv.ts';
import { FORMULA_PAYLOADS } from '../support/injection-payloads.ts';

const all: CsvFields = { country: true, comment: true };

async function csvText(rows: SignatoryRow[], fields = all): Promise<string> {
  const writer = csvWriter(fields);
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => writer.on('end', resolve).on('error', reject));
  for (const row of rows) writer.write(csvRecord(row, fields));
  writer.end();
  await ended;
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

/** Hostile text a signer can put in a comment (and, through the API, anywhere a string goes). */
const HOSTILE = [
  ';=2+2;',
  'a\t=HYPERLINK("http://evil.example","x")',
  'x\n@SUM(1)',
  ',-1+1',
  'ok; +cmd|\' /C calc\'!A0',
  'first,\t -1',
  'line\r=1+1',
  'a;"=1+1"',
  'b","=2',
  'c;\u00A0@SUM(A1)',
  'full;\uFF1D1+1',
  'x;\ty',
  ...FORMULA_PAYLOADS,
];

/** Text that must come through exactly as typed. */
const BENIGN = [
  'Jean-Luc Picard',
  'Ნინო Ბერიძე-Ꮳ',
  'Արամ Պետրոսյան',
  'Олена Коваленко',
  "O'Brien",
  'Ана-Мария',
  'Свобода, сейчас; и всегда',
  'თავისუფლება — ახლავე!',
  'line one\nline two',
  'a - b, c; d',
  'e-mail 1-2',
  'hello@example.org',
  '100%',
];

const DELIMITERS = [',', ';', '\t'] as const;

/** A cell some spreadsheet would run: a sign after blanks or quotes (importers trim them), or a tab or CR first. */
const LIVE = /^[\s\0"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/u;

/** The three ways the file gets opened: a real CSV parser, a naive split, and a naive split that drops quotes. */
function importers(text: string, delimiter: string): Record<string, string[][]> {
  const lines = text.split(/\r\n|\r|\n/);
  const naive = lines.map((line) => line.split(delimiter));
  return {
    parser: parse(text, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][],
    naive,
    unquoted: naive.map((cells) => cells.map((cell) => cell.replaceAll('"', ''))),
  };
}

function rowsWith(values: readonly string[]): SignatoryRow[] {
  return values.map((value, i) => ({
    name: value,
    country: values[(i + 1) % values.length]!,
    comment: values[(i + 2) % values.length]!,
    confirmedAt: values[(i + 3) % values.length]!,
    textVersion: 1,
  }));
}

describe('the CSV in every importer', () => {
  it.each(DELIMITERS.map((d) => [JSON.stringify(d), d]))('split on %s, no cell starts a formula', async (_label, delimiter) => {
    const text = await csvText(rowsWith(HOSTILE));
    for (const [importer, records] of Object.entries(importers(text, delimiter))) {
      for (const cells of records) {
        for (const cell of cells) expect(LIVE.test(cell), `${importer} cell ${JSON.stringify(cell)}`).toBe(false);
      }
    }
  });

  it('quotes every field, the header and empty cells included', async () => {
    const text = await csvText([
      { name: 'Nino', country: 'GE', comment: '', confirmedAt: '2026-11-24T10:00:00.000Z', textVersion: 2 },
      { name: 'Aram', confirmedAt: '2026-11-24T10:00:01.000Z', textVersion: 1 },
    ]);
    const QUOTED = /"(?:[^"]|"")*"/.source;
    expect(text).toMatch(new RegExp(`^(?:${QUOTED}(?:,${QUOTED})*\\r\\n)+$`));
    expect(text.split('\r\n')[0]).toBe('"name","country","comment","confirmed_at","text_version"');
    expect(text.split('\r\n')[2]).toBe('"Aram","","","2026-11-24T10:00:01.000Z","1"');
  });

  it('keeps names and comments in any script exactly as typed', async () => {
    const text = await csvText(rowsWith(BENIGN));
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.name, r.country, r.comment, r.confirmed_at])).toEqual(
      rowsWith(BENIGN).map((r) => [r.name, r.country, r.comment, r.confirmedAt]),
    );
  });

  it('changes hostile text only by apostrophes put before what would start a cell', async () => {
    const text = await csvText(rowsWith(HOSTILE));
    const records = parse(text, { columns: true }) as Record<string, string>[];
    for (const [i, record] of records.entries()) {
      const given = HOSTILE[i]!;
      expect(record.name).not.toBe(given);
      expect(record.name!.replaceAll("'", '')).toBe(given.replaceAll("'", ''));
    }
    expect(records[0]!.name).toBe(";'=2+2;");
    expect(records[2]!.name).toBe("x\n'@SUM(1)");
    expect(records[3]!.name).toBe(",'-1+1");
  });
});
