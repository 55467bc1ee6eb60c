/**
 * Injection (issue #7), outside the browser: the delivery dossier prints hostile strings as the
 * literal characters they are and holds no link, script or action of any kind; the CSV export
 * neutralises every cell a spreadsheet would run as a formula; and the input rules refuse markup in
 * the fields that end up on a delivered letter (signer and co-signer names) and script addresses
 * for co-signers' websites. The page itself is checked in test/browser/injection.test.ts.
 */
import './unit-env.ts';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { csvRecord, csvWriter, neutralise, type CsvFields, type SignatoryRow } from '#documents/csv.ts';
import { writeDossier, type DossierInput, type Signatory } from '#documents/dossier.ts';
import { signatureInputSchema } from '#rules/signature.ts';
import { cosignSchema } from '#rules/campaign-schema.ts';
import { FORMULA_PAYLOADS, HOSTILE_MARKDOWN, HTML_PAYLOADS } from '../support/injection-payloads.ts';

// ---- the dossier ------------------------------------------------------------------------------

/** Text as PDF.js gives it back, compared without spacing and without invisible format characters
 * (the dossier leaves out a bidi override no font draws; PDF text is drawn in logical order anyway). */
const squash = (s: string) => s.normalize('NFC').replace(/[\s\p{Cf}]+/gu, '');

/** One hostile string per place the dossier prints something it was given. */
function hostileDossier(): { input: DossierInput; signatories: Signatory[] } {
  const [first, second, third, fourth, fifth] = HTML_PAYLOADS;
  return {
    input: {
      kind: 'letter',
      title: `${first} ${second}`,
      text: HOSTILE_MARKDOWN,
      version: 1,
      language: 'en',
      translations: [{ language: 'uk', name: 'Українська', title: String(third), text: HOSTILE_MARKDOWN }],
      targets: HTML_PAYLOADS.map((payload, i) => ({ name: payload, ...(i % 2 ? { office: HTML_PAYLOADS[(i + 5) % HTML_PAYLOADS.length]! } : {}) })),
      organisation: { name: String(fourth) },
      generatedAt: '2026-11-24T13:05:00.000Z',
      counts: { total: HTML_PAYLOADS.length, byCountry: { GE: HTML_PAYLOADS.length } },
      cosigners: HTML_PAYLOADS.map((payload) => ({ name: payload, country: 'DE', website: 'https://xss-beacon.example/"><script>window.__xss=1</script>' })),
      delivery: { deliveredOn: '2026-11-20', to: String(fifth), method: 'in-person', note: HTML_PAYLOADS.join(' ') },
      fields: { country: true, comment: true },
    },
    // The input rules would refuse most of these names (below); the dossier must not depend on it.
    signatories: HTML_PAYLOADS.map((payload, i) => ({ name: payload, country: 'GE', comment: HTML_PAYLOADS[(i + 3) % HTML_PAYLOADS.length]! })),
  };
}

async function renderDossier(input: DossierInput, signatories: Signatory[]) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  async function* rows() {
    yield* signatories;
  }
  await writeDossier(input, rows, out);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const pdf = await getDocumentProxy(bytes.slice());
  const { text } = await extractText(pdf, { mergePages: true });
  return { bytes, pdf, text };
}

describe('the dossier PDF with hostile text', () => {
  it('prints every payload as literal text, wherever it was given', async () => {
    const { input, signatories } = hostileDossier();
    const { text } = await renderDossier(input, signatories);
    const printed = squash(text);
    // Plain fields: exactly what was typed, entities included (nothing decodes them).
    for (const payload of HTML_PAYLOADS) expect(printed).toContain(squash(payload));
    expect(printed).toContain(squash(input.title));
    expect(printed).toContain(squash(input.organisation.name));
    expect(printed).toContain(squash(input.delivery!.to));
    // The campaign text is markdown: raw HTML in it is printed as typed, links as their text only
    // when their address is not http(s)/mailto.
    for (const payload of HTML_PAYLOADS.filter((p) => !p.includes('&'))) expect(printed).toContain(squash(payload));
    expect(printed).toContain(squash('<script>window.__xss=1</script> heading'));
    expect(printed).toContain(squash('<b onmouseover=window.__xss=1>bold</b>'));
    expect(printed).toContain(squash('ok link (https://example.org/petition)'));
    // Script, data and vbscript addresses are never printed as addresses.
    expect(text).not.toMatch(/\((?:javascript|data|vbscript):/i);
    expect(text).not.toMatch(/\(JaVaScRiPt:/);
  });

  it('holds no link, script, form or action: no annotations, no JavaScript, no open action', async () => {
    const { input, signatories } = hostileDossier();
    const { bytes, pdf } = await renderDossier(input, signatories);
    for (let n = 1; n <= pdf.numPages; n++) {
      expect(await (await pdf.getPage(n)).getAnnotations(), `annotations on page ${n}`).toEqual([]);
    }
    expect(await pdf.getJSActions()).toBeNull();
    expect(await pdf.getOpenAction()).toBeNull();
    expect(await pdf.getAttachments()).toBeNull();
    expect(await pdf.getFieldObjects()).toBeNull();
    // And in the file itself (pdfkit compresses only content streams; dictionaries are plain text).
    const raw = Buffer.from(bytes).toString('latin1');
    for (const key of ['/Annots', '/Link', '/URI', '/JavaScript', '/JS', '/Launch', '/OpenAction', '/AA', '/SubmitForm', '/EmbeddedFile', '/AcroForm']) {
      expect(raw, key).not.toMatch(new RegExp(`${key.replace('/', '\\/')}\\b`));
    }
  });
});

// ---- the CSV ----------------------------------------------------------------------------------

const all: CsvFields = { country: true, comment: true };

async function csvText(rows: SignatoryRow[]): Promise<string> {
  const writer = csvWriter(all);
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => writer.on('end', resolve));
  for (const row of rows) writer.write(csvRecord(row, all));
  writer.end();
  await ended;
  return Buffer.concat(chunks).toString('utf8');
}

/** What a spreadsheet would treat as a formula: a trigger first, or after whitespace it trims. */
const RUNS_AS_FORMULA = /^[\s\0]*[=+\-@]|^[\t\r\n\0]/u;

/**
 * What each payload becomes: a `'` first, and another after a tab, CR or LF inside it where a
 * formula (or a tab) follows, since importers that split there start a cell there
 * (test/unit/csv-importers.test.ts opens the file as they do).
 */
const NEUTRALISED_INSIDE: Record<string, string> = {
  '\t=1+1': "'\t'=1+1",
  '\r=1+1': "'\r'=1+1",
  '\n=1+1': "'\n'=1+1",
  ' \t -1': "' \t' -1",
};
const neutralised = (payload: string) => NEUTRALISED_INSIDE[payload] ?? `'${payload}`;

describe('CSV formula injection', () => {
  it.each(FORMULA_PAYLOADS)('prefixes %j with a single quote', (payload) => {
    expect(neutralise(payload)).toBe(neutralised(payload));
  });

  it.each(['Nino Beridze', ' not a formula', 'A = B', 'hello@example.org', '1-2', "'already quoted", '', 'Ана-Мария'])('leaves %j as it is', (cell) => {
    expect(neutralise(cell)).toBe(cell);
  });

  it('no cell of the written file starts a formula, and each reads back neutralised', async () => {
    const rows: SignatoryRow[] = FORMULA_PAYLOADS.map((payload, i) => ({
      name: payload,
      country: FORMULA_PAYLOADS[(i + 1) % FORMULA_PAYLOADS.length]!,
      comment: FORMULA_PAYLOADS[(i + 2) % FORMULA_PAYLOADS.length]!,
      confirmedAt: FORMULA_PAYLOADS[(i + 3) % FORMULA_PAYLOADS.length]!,
      textVersion: 1,
    }));
    const records = parse((await csvText(rows)).replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
    expect(records[0]).toEqual(['name', 'country', 'comment', 'confirmed_at', 'text_version']);
    expect(records).toHaveLength(rows.length + 1);
    for (const [i, record] of records.slice(1).entries()) {
      const row = rows[i]!;
      expect(record.slice(0, 4)).toEqual([row.name, row.country ?? '', row.comment ?? '', row.confirmedAt].map(neutralised));
      for (const cell of record) expect(cell).not.toMatch(RUNS_AS_FORMULA);
    }
  });

  it('HTML in a comment stays as it was: a spreadsheet does not render markup', async () => {
    const rows = HTML_PAYLOADS.map((payload) => ({ name: 'Nino Beridze', country: 'GE', comment: payload, confirmedAt: '2026-11-24T10:00:00.000Z', textVersion: 1 }));
    const records = parse((await csvText(rows)).replace(/^\uFEFF/, '')) as string[][];
    expect(records.slice(1).map((r) => r[2])).toEqual([...HTML_PAYLOADS]);
  });
});

// ---- what the input rules let through ----------------------------------------------------------

describe('names on a delivered letter refuse markup', () => {
  const signer = { email: 'nino@example.org', country: 'GE', altcha: 'x' };

  it.each(HTML_PAYLOADS)('a signer called %j is refused, naming the field', (name) => {
    const result = signatureInputSchema.safeParse({ ...signer, name });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
  });

  it("keeps apostrophes and full stops, which real names need (O'Brien, J. Smith)", () => {
    expect(signatureInputSchema.parse({ ...signer, name: "Zoë O'Brien-D’Arc J." }).name).toBe("Zoë O'Brien-D’Arc J.");
  });

  it('a signer’s comment is free text: kept as typed (the page never shows it; CSV and PDF above), but for bidi overrides', () => {
    for (const comment of HTML_PAYLOADS) {
      const result = signatureInputSchema.safeParse({ ...signer, name: 'Nino', comment });
      // The one rule for stored text (#rules/text-schema.ts): an override would turn the comment round in the dossier.
      if (/[\u202a-\u202e\u2066-\u2069]/.test(comment)) expect(result.error!.issues.map((i) => i.message)).toEqual(['text.characters']);
      else expect(result.data!.comment).toBe(comment.normalize('NFC').trim());
    }
  });

  const cosigner = { token: 'a'.repeat(43), country: 'DE' };

  it.each(['<script>window.__xss=1</script>', '"\'><img src=x>', 'Pay \u202Eexe.gnp\u202C', 'Bell\u0007'])('a co-signing organisation called %j is refused', (name) => {
    const result = cosignSchema.safeParse({ ...cosigner, name });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
  });

  it.each(['javascript:window.__xss=1', 'JAVASCRIPT://example.org/%0Awindow.__xss=1', 'data:text/html,<script>window.__xss=1</script>', 'vbscript:msgbox(1)', '//evil.example', 'file:///etc/passwd'])(
    'a co-signer’s website %j is refused',
    (website) => {
      const result = cosignSchema.safeParse({ ...cosigner, name: 'Press Freedom Watch', website });
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['website']);
    },
  );
});
