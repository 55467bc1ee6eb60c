/**
 * The delivery dossier PDF: read back with PDF.js (unpdf), so what is checked is what a reader of
 * the file gets — every name in every script, the counts, the co-signers, the page numbers — plus
 * the font choice per character, the markdown handling and the streaming contract.
 */
import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { extractText, extractTextItems, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { forgetLayouts, labels, writeDossier, type DossierInput, type Signatory } from '#documents/dossier.ts';
import { DOSSIER_FONT_FILES, loadDossierFonts } from '#documents/fonts.ts';
import { markdownToBlocks } from '#documents/markdown.ts';
import { MISSING_CHARACTER, splitRuns } from '#documents/script-runs.ts';

const NAMES: Signatory[] = [
  // Latin with Czech, Romanian, Latvian, Azerbaijani, Polish, Turkish letters
  { name: 'Jiří Dvořák', country: 'CZ' },
  { name: 'Ștefan Bălan', country: 'RO', comment: 'Pentru libertatea presei.' },
  { name: 'Līga Ozoliņa', country: 'LV' },
  { name: 'Aydın Məmmədov', country: 'AZ' },
  { name: 'Łukasz Żółw', country: 'PL' },
  // Cyrillic: Russian, Ukrainian, Kazakh
  { name: 'Дмитрий Ёлкин', country: 'MD' },
  { name: 'Ґалина Єрмак-Їжакевич Іванівна', country: 'UA', comment: 'Свободу журналістам!' },
  { name: 'Әсем Қасымова', country: 'KZ' },
  // Armenian, Georgian
  { name: 'Անի Հակոբյան', country: 'AM', comment: 'Ազատություն' },
  { name: 'ნინო ბერიძე', country: 'GE', comment: 'თავისუფლება' },
  // Mixed scripts in one name
  { name: 'Nino Beridze / ნინო ბერიძე', country: 'GE' },
  { name: 'Ani Hakobyan (Անի Հակոբյան)', country: 'AM' },
  { name: "O'Brien-Шевченко", country: 'IE' },
  { name: 'Giorgi გიორგი Георгий', country: 'GE' },
];

function input(overrides: Partial<DossierInput> = {}): DossierInput {
  return {
    kind: 'petition',
    title: 'Free Mzia Amaglobeli — თავისუფლება მზია ამაღლობელს',
    text: '## Our demand\n\nWe call on the authorities to **release** her *now*.\n\n- Drop all charges\n- Let the press [work](https://example.org/press)\n',
    version: 1,
    targets: [
      { name: 'Prosecutor General', office: 'Office of the Prosecutor General of Georgia' },
      { name: 'Ombudsperson' },
    ],
    organisation: { name: 'Civic Union Tbilisi' },
    generatedAt: '2026-11-24T13:05:00.000Z',
    counts: { total: 16, byCountry: { GE: 3, AM: 2, UA: 1, CZ: 1, RO: 1, LV: 1, AZ: 1, PL: 1, MD: 1, KZ: 1, IE: 1 } },
    cosigners: [
      { name: 'Press Freedom Watch', country: 'DE', website: 'https://pfw.example' },
      { name: 'საია — Young Lawyers', country: 'GE' },
    ],
    fields: { country: true, comment: true },
    ...overrides,
  };
}

async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function collector() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { out, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

async function render(dossier: DossierInput, signatories: Signatory[]) {
  const { out, bytes } = collector();
  const progress: number[] = [];
  const result = await writeDossier(dossier, () => iterate(signatories), out, (n) => progress.push(n));
  const pdf = bytes();
  const { totalPages, text } = await extractText(await getDocumentProxy(pdf.slice()), { mergePages: false });
  return { result, pdf, totalPages, pages: text, all: text.join('\n'), progress };
}

/** PDF text extraction may split or join whitespace differently; compare text, not spacing. */
const norm = (s: string) => s.normalize('NFC').replace(/\s+/gu, ' ').trim();

describe('writeDossier', () => {
  it('prints every name, in every script, as it was given', async () => {
    const { result, all, totalPages } = await render(input(), NAMES);
    expect(result.signatories).toBe(NAMES.length);
    expect(result.pages).toBe(totalPages);
    const text = norm(all);
    for (const { name } of NAMES) expect(text).toContain(norm(name));
    // A missing glyph would come out as U+0000 (pdfkit maps .notdef to it) or be replaced.
    expect(all).not.toMatch(/[\u0000\uFFFD]/u);
    expect(all).not.toContain(MISSING_CHARACTER + MISSING_CHARACTER);
  });

  it('numbers the individual signatories, with the fields the campaign allows', async () => {
    const { pages } = await render(input(), NAMES);
    const list = norm(pages.slice(1).join('\n'));
    expect(list).toContain(labels.individuals);
    expect(list).toContain(`1. ${NAMES[0]!.name} Czechia`);
    expect(list).toContain(`2. ${NAMES[1]!.name} Romania Pentru libertatea presei.`);
    expect(list).toContain(`10. ნინო ბერიძე Georgia თავისუფლება`);
    expect(list).toContain(`14. Giorgi გიორგი Георгий Georgia`);
  });

  it('leaves out the comments and countries the campaign does not collect', async () => {
    const { all } = await render(input({ fields: { country: false, comment: false } }), NAMES);
    const text = norm(all);
    for (const { name } of NAMES) expect(text).toContain(norm(name));
    for (const comment of ['Pentru libertatea presei.', 'Свободу журналістам!', 'Ազատություն']) {
      expect(text).not.toContain(comment);
    }
    expect(text).not.toContain(labels.byCountry);
    expect(text).not.toContain('Czechia');
    expect(text).not.toContain(labels.comment);
  });

  it('states the text, addressees, organisation, date and counts by country', async () => {
    const { pages } = await render(input(), NAMES);
    const front = norm(pages[0]!);
    expect(front).toContain('Petition');
    expect(front).toContain('Free Mzia Amaglobeli — თავისუფლება მზია ამაღლობელს');
    expect(front).toContain('Prosecutor General, Office of the Prosecutor General of Georgia');
    expect(front).toContain('Ombudsperson');
    expect(front).toContain('Organised by Civic Union Tbilisi');
    expect(front).toContain('Date 24 November 2026');
    expect(front).toContain('Signatures 16');
    expect(front).toContain('We call on the authorities to release her now.');
    expect(front).toContain('• Let the press work (https://example.org/press)');
    expect(front).not.toMatch(/text version/i);
    // Most signatures first; names from Intl.DisplayNames; shares of the total.
    expect(front).toContain('Country Signatures Share Georgia 3 18.8% Armenia 2 12.5%');
    expect(front).toMatch(/Kazakhstan 1 6\.3%/);
    expect(front).toMatch(/Ukraine 1 6\.3%/);
    // 16 signatures, 14 with a country: the difference is shown, not lost.
    expect(front).toContain(`${labels.countryNotGiven} 2 12.5%`);
  });


  it('lists co-signing organisations apart from the individuals', async () => {
    const { all } = await render(input(), NAMES);
    const text = norm(all);
    const cosigners = text.indexOf(labels.cosigners);
    const individuals = text.indexOf(labels.individuals);
    expect(cosigners).toBeGreaterThan(0);
    expect(individuals).toBeGreaterThan(cosigners);
    const section = text.slice(cosigners, individuals);
    expect(section).toContain('1. Press Freedom Watch Germany https://pfw.example');
    expect(section).toContain('2. საია — Young Lawyers Georgia');
    expect(text.slice(individuals)).not.toContain('Press Freedom Watch');
  });

  it('records the delivery when there is one', async () => {
    const delivery = { deliveredOn: '2026-12-01', to: 'Reception of the Parliament', method: 'in-person', note: 'Received by the deputy chair' };
    const { pages } = await render(input({ delivery }), NAMES.slice(0, 1));
    expect(norm(pages[0]!)).toContain('Delivered 1 December 2026 to Reception of the Parliament, in person Received by the deputy chair');
  });

  it('puts "Page N of M" on every page, and the list runs on over pages with its header', async () => {
    const many = Array.from({ length: 180 }, (_, i) => NAMES[i % NAMES.length]!);
    const { result, pages, totalPages, progress } = await render(input(), many);
    expect(totalPages).toBeGreaterThan(3);
    expect(result.pages).toBe(totalPages);
    pages.forEach((page, i) => {
      expect(norm(page)).toContain(`Page ${i + 1} of ${totalPages}`);
      expect(norm(page)).not.toContain(`Page ${i + 2}`);
    });
    for (const page of pages.slice(1)) expect(norm(page)).toContain('No. Name Country Comment');
    expect(norm(pages.at(-1)!)).toContain(`180. ${many[179]!.name}`);
    expect(progress).toEqual([180]);
  });

  it('wraps a long mixed-script name inside its column and keeps it whole', async () => {
    const long = 'Nino Beridze-Kapanadze / ნინო ბერიძე-კაპანაძე / Нино Беридзе-Капанадзе / Նինո Բերիձե / Ana-Maria Ștefănescu-Dvořáková';
    const dossier = input({ counts: { total: 1, byCountry: {} }, cosigners: [] });
    const { pdf, all } = await render(dossier, [{ name: long }]);
    expect(norm(all)).toContain(norm(long));
    const { items } = await extractTextItems(await getDocumentProxy(pdf.slice()));
    const list = items[1]!;
    const nameLines = new Set(list.filter((it) => /[ნНՆŞȘ]|Beridze|Ana-Maria/u.test(it.str)).map((it) => Math.round(it.y)));
    expect(nameLines.size).toBeGreaterThanOrEqual(2);
    // Nothing runs into the margins (A4 is 595 pt wide; margins are 56 pt).
    for (const it of items.flat()) {
      expect(it.x).toBeGreaterThanOrEqual(55);
      expect(it.x + it.width).toBeLessThanOrEqual(595.28 - 55);
    }
  });

  it('says so when there are no individual signatories', async () => {
    const { result, all } = await render(input({ counts: { total: 0, byCountry: {} } }), []);
    expect(result.signatories).toBe(0);
    expect(norm(all)).toContain(labels.noIndividuals);
  });

  it('reports progress every 500 rows and at the end', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => ({ name: `Signer ${i}` }));
    const { progress, result } = await render(input({ fields: { country: false, comment: false } }), rows);
    expect(progress).toEqual([500, 1000, 1234]);
    expect(result.signatories).toBe(1234);
  });

  it('stops drawing while the output stream asks it to wait', async () => {
    let pulled = 0;
    async function* rows(): AsyncGenerator<Signatory> {
      for (let i = 0; i < 3000; i++) {
        pulled++;
        yield { name: `Signer ${i} ნინო`, country: 'GE' };
      }
    }
    const held: (() => void)[] = [];
    let received = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        held.push(cb); // a stalled upload: nothing completes until released
      },
    });
    // Read three times: for the front matter's figures, to lay out (page count), and to draw.
    let opened = 0;
    const writing = writeDossier(input(), () => (opened++, rows()), out);
    while (opened < 3) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    expect(pulled).toBeLessThan(3 * 3000);
    expect(received).toBeGreaterThan(0);
    const release = setInterval(() => held.splice(0).forEach((cb) => cb()), 1);
    const result = await writing;
    clearInterval(release);
    expect(result.signatories).toBe(3000);
  });

  it('fails, and does not finish the output, when the signatories cannot be read', async () => {
    async function* broken(): AsyncGenerator<Signatory> {
      yield { name: 'Jiří Dvořák' };
      throw new Error('query failed');
    }
    const { out } = collector();
    let finishedOk = false;
    out.on('finish', () => (finishedOk = true));
    // No 'error' listener of our own: the destroy must not turn into an uncaught exception.
    await expect(writeDossier(input(), broken, out)).rejects.toThrow('query failed');
    await new Promise((r) => setImmediate(r));
    expect(out.destroyed).toBe(true);
    expect(finishedOk).toBe(false);
  });

  it('fails rather than hangs when the output is closed half-way (an aborted upload)', async () => {
    let received = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (received > 20_000) this.destroy();
        else setImmediate(cb);
      },
    });
    const rows = Array.from({ length: 2000 }, (_, i) => ({ name: `Signer ${i}`, country: 'GE' }));
    await expect(writeDossier(input(), rows, out)).rejects.toThrow(/closed|premature/i);
  });
});

/** Page texts, and where a string is first found: which page, and how far into it. */
function find(pages: string[], needle: string): { page: number; at: number } {
  for (let page = 0; page < pages.length; page++) {
    const at = norm(pages[page]!).indexOf(norm(needle));
    if (at >= 0) return { page, at };
  }
  return { page: -1, at: -1 };
}

describe('a dossier that says what was signed, by whom and how', () => {
  const V1 = { version: 1, title: 'Free Mzia Amaglobeli', text: 'The first text, signed by most.' };
  const signed = (name: string, textVersion: number, confirmedAt: string): Signatory => ({ name, country: 'GE', textVersion, confirmedAt });
  const byVersion: Signatory[] = [
    signed('Ani Hakobyan', 1, '2026-11-02T09:00:00.000Z'),
    signed('Jiří Dvořák', 1, '2026-11-03T09:00:00.000Z'),
    signed('ნინო ბერიძე', 1, '2026-11-05T09:00:00.000Z'),
    signed('Olena Shevchenko', 2, '2026-11-20T09:00:00.000Z'),
    signed('Taras Ivanenko', 2, '2026-11-21T23:59:00.000Z'),
  ];
  const edited = () => input({ version: 2, versions: [V1], text: 'The second text, edited while open.', counts: { total: 5, byCountry: { GE: 5 } } });

  it('prints every text version that has signatures, with how many signed it', async () => {
    const { all } = await render(edited(), byVersion);
    const text = norm(all);
    const v1 = text.indexOf('Text as signed — text version 1 Signatures on this version: 3');
    const v2 = text.indexOf('Text as signed — text version 2 Signatures on this version: 2');
    expect(v1).toBeGreaterThan(-1);
    expect(v2).toBeGreaterThan(v1);
    // Each version's own text (and its title, where it differed) under its heading.
    expect(text.slice(v1, v2)).toContain('Free Mzia Amaglobeli The first text, signed by most.');
    expect(text.slice(v2)).toContain('The second text, edited while open.');
    expect(text.slice(v1, v2)).not.toContain('The second text');
  });

  it('leaves out a version nobody signed: the current text when everyone signed the first', async () => {
    const { all } = await render(edited(), byVersion.slice(0, 3));
    const text = norm(all);
    expect(text).toContain('Text as signed — text version 1 Signatures on this version: 3');
    expect(text).not.toContain('text version 2');
    expect(text).not.toContain('The second text');
  });

  it('lists each signatory under the version they signed, numbered on through the versions', async () => {
    const { pages } = await render(edited(), byVersion);
    const list = norm(pages.slice(1).join('\n'));
    const g1 = list.indexOf('Individual signatories — text version 1');
    const g2 = list.indexOf('Individual signatories — text version 2');
    expect(g1).toBeGreaterThan(-1);
    expect(g2).toBeGreaterThan(g1);
    expect(list.slice(g1, g2)).toContain('1. Ani Hakobyan Georgia 2. Jiří Dvořák Georgia 3. ნინო ბერიძე Georgia');
    expect(list.slice(g2)).toContain('Signatures on this version: 2 No. Name Country Comment 4. Olena Shevchenko Georgia 5. Taras Ivanenko');
  });

  it('refuses a list that is not grouped by version rather than print it wrongly', async () => {
    const mixed = [byVersion[0]!, byVersion[3]!, byVersion[1]!];
    await expect(render(edited(), mixed)).rejects.toThrow(/grouped by text version/);
  });

  it('says how the signatures were collected and confirmed, and the first and last confirmation days', async () => {
    const { pages } = await render(edited(), byVersion);
    const front = norm(pages[0]!);
    expect(front).toContain(
      'Confirmation Collected online. Each signature was confirmed by its signer from a link mailed to them (double opt-in); unconfirmed signatures are not counted.',
    );
    expect(front).toContain('First confirmed on 2 November 2026; last confirmed on 21 November 2026');
  });

  it('adds no full stop after a date that ends in one (Russian "г.", Ukrainian "р.")', async () => {
    for (const lang of ['ru', 'uk'] as const) {
      const front = norm((await render({ ...edited(), lang }, byVersion)).pages[0]!);
      expect(front).toMatch(/21 (ноября|листопада) 2026 (г|р)\./u);
      expect(front).not.toMatch(/2026 (г|р)\.\./u);
    }
  });

  it('says which order the list is in', async () => {
    expect(norm((await render(input({ order: 'name' }), NAMES.slice(0, 2))).pages[1]!)).toContain('In alphabetical order of name.');
    expect(norm((await render(input({ order: 'confirmed' }), NAMES.slice(0, 2))).pages[1]!)).toContain('In the order the signatures were confirmed.');
  });

  it('names the organisation on the cover', async () => {
    const { pages } = await render(input({ organisation: { name: 'ნინოს ფონდი — Civic Union' } }), NAMES.slice(0, 1));
    expect(norm(pages[0]!)).toContain('Organised by ნინოს ფონდი — Civic Union');
  });

  it('gives the organisation\'s country (in the dossier\'s language), website and public contact on the cover', async () => {
    const organisation = { name: 'ნინოს ფონდი', country: 'GE', website: 'https://ninos-fondi.example.ge', contact: 'info@ninos-fondi.example.ge' };
    const front = norm((await render(input({ organisation }), NAMES.slice(0, 1))).pages[0]!);
    expect(front).toContain('Organised by ნინოს ფონდი, Georgia https://ninos-fondi.example.ge info@ninos-fondi.example.ge Date');
    const ru = norm((await render(input({ organisation, lang: 'ru' }), NAMES.slice(0, 1))).pages[0]!);
    expect(ru).toContain('ნინოს ფონდი, Грузия');
  });

  it("adds no brackets of its own to the delivery line (an addressee's stay as they are)", async () => {
    const delivery = { deliveredOn: '2026-12-01', to: 'Parliament of Georgia (reception desk)', method: 'in-person' };
    const line = (text: string) => norm(text).split('Delivered ')[1]!.split(' Signatures')[0]!;
    const en = line((await render(input({ delivery }), NAMES.slice(0, 1))).pages[0]!);
    expect(en).toBe('1 December 2026 to Parliament of Georgia (reception desk), in person');
    const other = line((await render(input({ delivery: { ...delivery, method: 'other' } }), NAMES.slice(0, 1))).pages[0]!);
    expect(other).toBe('1 December 2026 to Parliament of Georgia (reception desk)');
  });

  it('prints its headings in the language asked for: a Georgian letter with Georgian headings, "Page N of M" included', async () => {
    const { pages } = await render({ ...edited(), kind: 'letter', lang: 'ka' }, byVersion);
    const text = norm(pages.join('\n'));
    for (const heading of ['ღია წერილი', 'ადრესატები', 'ორგანიზატორი', 'ხელმოწერილი ტექსტი — ტექსტის ვერსია 1', 'ამ ვერსიის ხელმოწერები: 3', 'ინდივიდუალური ხელმომწერები — ტექსტის ვერსია 2', 'დადასტურება', 'ხელმოწერების დადასტურების თანმიმდევრობით.']) {
      expect(text).toContain(heading);
    }
    pages.forEach((page, i) => expect(norm(page)).toContain(`გვერდი ${i + 1} ${pages.length}-დან`));
    for (const english of [labels.individuals, labels.textAsSigned, labels.organisedBy, 'Page ']) expect(text).not.toContain(english);
  });

  it('keeps every heading with the start of its table: none is left at the foot of a page', async () => {
    // A co-signer whose name wraps over several lines makes the table's first row tall; padding the
    // text moves the heading down the page line by line until it meets the foot.
    const tall = { name: 'Association for the Defence of Human Rights and Fundamental Freedoms of Journalists, Lawyers and Civic Activists in the South Caucasus', country: 'GE' };
    for (let lines = 40; lines <= 58; lines++) {
      const text = Array.from({ length: lines }, (_, i) => `Line ${i + 1} of the letter.`).join('\n\n');
      const { pages } = await render(input({ text, cosigners: [tall], counts: { total: 2, byCountry: { GE: 2 } } }), NAMES.slice(0, 2));
      for (const [heading, first] of [
        [labels.cosigners, 'Association for the Defence'],
        [labels.byCountry, 'Georgia 2'],
      ] as const) {
        const h = find(pages, heading);
        const f = find(pages, first);
        expect(h.page, `${heading}, ${lines} lines`).toBeGreaterThanOrEqual(0);
        expect(f.page, `${heading} and its first row, ${lines} lines of text`).toBe(h.page);
      }
    }
  }, 120_000);

  it("keeps each version's list heading with its table header and first signatory", async () => {
    // As many first-version signatories as move the second version's heading down to the foot of a page.
    for (let first = 36; first <= 50; first++) {
      const list = [
        ...Array.from({ length: first }, (_, i) => signed(`First Signer ${i + 1}`, 1, '2026-11-02T09:00:00.000Z')),
        signed('Second Version Signer', 2, '2026-11-20T09:00:00.000Z'),
      ];
      const { pages } = await render(edited(), list);
      const heading = find(pages, 'Individual signatories — text version 2');
      expect(heading.page).toBeGreaterThan(0);
      expect(find(pages, 'Second Version Signer').page, `${first} signatories of version 1`).toBe(heading.page);
      expect(norm(pages[heading.page]!).slice(heading.at)).toContain('No. Name Country Comment');
    }
  }, 120_000);
});

describe('markdown in the campaign text', () => {
  const hostile = [
    'Before the tag.',
    '',
    '<script>alert("owned")</script>',
    '',
    'Inline <b onclick="x()">bold</b> and <img src=x onerror=alert(1)> here.',
    '',
    '[click me](javascript:alert(1))',
  ].join('\n');

  it('keeps raw HTML as literal, unstyled text', () => {
    const blocks = markdownToBlocks(hostile);
    expect(blocks).toContainEqual({ type: 'paragraph', indent: 0, spans: [{ text: '<script>alert("owned")</script>', style: 'regular' }] });
    const inline = blocks.find((b) => b.type === 'paragraph' && b.spans.some((s) => s.text.includes('<b')));
    expect(inline).toEqual({
      type: 'paragraph',
      indent: 0,
      spans: [{ text: 'Inline <b onclick="x()">bold</b> and <img src=x onerror=alert(1)> here.', style: 'regular' }],
    });
  });

  it('prints it inert: as characters, with no script, link or action in the PDF', async () => {
    const { pdf, pages } = await render(input({ text: hostile }), NAMES.slice(0, 1));
    const front = norm(pages[0]!);
    expect(front).toContain('<script>alert("owned")</script>');
    expect(front).toContain('Inline <b onclick="x()">bold</b> and <img src=x onerror=alert(1)> here.');
    // As on the public page, an address that is not http(s) or mailto keeps only its text.
    expect(front).toContain('click me');
    expect(front).not.toContain('javascript:');
    const raw = Buffer.from(pdf).toString('latin1');
    for (const key of ['/JavaScript', '/JS', '/OpenAction', '/AA', '/Annots', '/URI', '/Launch']) {
      expect(raw).not.toContain(key);
    }
  });

  it('renders headings, emphasis, lists and links as styled blocks', () => {
    expect(markdownToBlocks('# Title\n\nSome *soft*\nline and **strong**.\n\n1. one\n2. two\n   - nested\n\n<https://ex.org>')).toEqual([
      { type: 'heading', level: 1, spans: [{ text: 'Title', style: 'regular' }] },
      {
        type: 'paragraph',
        indent: 0,
        spans: [
          { text: 'Some ', style: 'regular' },
          { text: 'soft', style: 'italic' },
          { text: ' line and ', style: 'regular' },
          { text: 'strong', style: 'bold' },
          { text: '.', style: 'regular' },
        ],
      },
      { type: 'paragraph', indent: 1, marker: '1.', spans: [{ text: 'one', style: 'regular' }] },
      { type: 'paragraph', indent: 1, marker: '2.', spans: [{ text: 'two', style: 'regular' }] },
      { type: 'paragraph', indent: 2, marker: '•', spans: [{ text: 'nested', style: 'regular' }] },
      { type: 'paragraph', indent: 0, spans: [{ text: 'https://ex.org', style: 'regular' }] },
    ]);
  });
});

describe('fonts and script runs', () => {
  it('draws every character of every name with a face that has it', async () => {
    const fonts = await loadDossierFonts();
    for (const style of ['regular', 'bold', 'italic'] as const) {
      for (const { name, comment } of NAMES) {
        for (const text of [name, comment ?? '']) {
          const runs = splitRuns(text, fonts[style]);
          expect(runs.map((r) => r.text).join('')).toBe(text.normalize('NFC'));
          for (const run of runs) {
            for (const ch of run.text) {
              expect(run.face.font.hasGlyphForCodePoint(ch.codePointAt(0)!), `${style} ${run.face.key} lacks ${ch}`).toBe(true);
            }
            expect(run.face.font.glyphsForString(run.text).every((g) => g.id !== 0)).toBe(true);
          }
        }
      }
    }
  });

  it('chooses by the fonts own coverage, and keeps spaces and punctuation in the run', async () => {
    const fonts = await loadDossierFonts();
    const runs = splitRuns('Nino Beridze / ნინო ბერიძე, Jiří', fonts.regular);
    expect(runs.map((r) => [r.text, r.face.subset])).toEqual([
      ['Nino Beridze / ', 'latin'],
      // The Georgian face has no comma: the font's own map decides, not the script of the word.
      ['ნინო ბერიძე', 'georgian'],
      [', Ji', 'latin'],
      ['ř', 'latin-ext'],
      ['í', 'latin'],
    ]);
    // Decomposed input is composed first (NFC), so "ř" is one character of one face.
    expect(splitRuns('r\u030C', fonts.regular)).toEqual([{ text: 'ř', face: fonts.regular[1] }]);
  });

  it('replaces characters no face has, and drops invisible ones', async () => {
    const fonts = await loadDossierFonts();
    const runs = splitRuns('Li 李\u200D', fonts.regular);
    expect(runs.map((r) => r.text).join('')).toBe(`Li ${MISSING_CHARACTER}`);
  });

  it('lists font files that exist, all three families, regular and bold', async () => {
    expect(DOSSIER_FONT_FILES).toContain('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff');
    expect(DOSSIER_FONT_FILES).toContain('@fontsource/noto-sans/files/noto-sans-cyrillic-ext-700-normal.woff');
    expect(DOSSIER_FONT_FILES).toContain('@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-700-normal.woff');
    expect(DOSSIER_FONT_FILES).toContain('@fontsource/noto-sans-georgian/files/noto-sans-georgian-georgian-400-normal.woff');
    const fonts = await loadDossierFonts();
    expect(await loadDossierFonts()).toBe(fonts); // parsed once per process
    expect(fonts.bold.every((f) => /Bold/.test(f.font.postscriptName))).toBe(true);
    expect(new Set(fonts.regular.map((f) => f.key)).size).toBe(fonts.regular.length);
  });

  it("can empty pdfkit's per-document layout cache (the fields it reaches into still exist)", async () => {
    const fonts = await loadDossierFonts();
    const doc = new PDFDocument({ autoFirstPage: true });
    doc.registerFont('f', fonts.regular[0]!.font as unknown as Uint8Array);
    doc.font('f').text('Hello world', 50, 50, { lineBreak: false });
    expect(forgetLayouts(doc)).toBeGreaterThanOrEqual(1);
    doc.end();
  });
});

describe('the dossier in a language', () => {
  it('prints its own words, dates, numbers and country names in the language asked for (Russian here)', async () => {
    const { all, pages } = await render(
      input({ lang: 'ru', delivery: { deliveredOn: '2026-11-20', to: 'Парламент', method: 'post' }, counts: { total: 1234, byCountry: { GE: 1234 } } }),
      NAMES,
    );
    const text = norm(all);
    for (const label of ['Петиция', 'Адресат', 'Организатор', 'Подписи по странам', 'Организации-соподписанты', 'Подписавшие лично', 'Комментарий']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('20 ноября 2026 г., кому: Парламент, по почте');
    expect(text).toContain('Грузия');
    expect(text).toContain(norm('1\u00a0234'));
    expect(norm(pages[0]!)).toContain(`Страница 1 из ${pages.length}`);
    expect(text).not.toContain(labels.byCountry);
  });

  it('is English without a language', async () => {
    const { pages } = await render(input(), NAMES.slice(0, 1));
    expect(norm(pages[0]!)).toContain(`Page 1 of ${pages.length}`);
    expect(norm(pages[0]!)).toContain(labels.byCountry);
  });
});
