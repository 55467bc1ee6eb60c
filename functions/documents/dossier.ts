/**
 * The delivery dossier: the PDF an organisation hands over with a petition or open letter — the
 * text as signed, whom it is addressed to, the counts, the co-signing organisations and the
 * numbered list of individual signatories.
 *
 * Streaming: signatories come from an async iterable and pages go out as they are finished, so
 * memory stays flat whatever the number of signatures: no pdfkit `bufferPages`, which would keep
 * every page until the end so as to number them.
 *
 * "Page N of M" needs M before page 1 is drawn, so the dossier is laid out twice with the same code:
 * a first pass reads the signatories for what the front matter states (signatures per text version,
 * first and last confirmation), a second lays out everything without drawing (the `Pages` below
 * with no document: the same measurements and page breaks, nothing kept but the page count), and
 * the third draws, each page's footer with its number and the total. The signatories are therefore
 * read three times (`signatories` is a function that opens the list afresh, or an array).
 *
 * Layout is done here rather than by pdfkit's line wrapper: names mix scripts that no single font
 * file covers (script-runs.ts), and with runs of several fonts pdfkit can neither tell how tall a
 * table row will be nor keep the baselines of the runs aligned. So each string is split into runs,
 * measured with fontkit, broken into lines here, and every run is drawn at an explicit position.
 * The fonts' metrics are the same (Noto Sans family), which keeps the runs on one baseline.
 */
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { loadDossierFonts, type DossierFonts, type FontFace } from './fonts.ts';
import { markdownToBlocks, type Span, type SpanStyle } from './markdown.ts';
import { splitRuns } from './script-runs.ts';
import { DEFAULT_LANGUAGE, format, loadStrings, stringsFor, type Language } from '#lib/language.ts';
import type { SignatoryOrder } from '#rules/signatory-order.ts';

export interface DossierInput {
  kind: 'petition' | 'letter';
  title: string;
  /** Campaign text as markdown (subset: paragraphs, headings, emphasis, lists, links; no HTML). */
  text: string;
  /** The campaign's current text version (1 = never edited while open): `title` and `text` are its. */
  version: number;
  /**
   * Earlier versions of the text (the campaign's `VERSION#` items) that signatures may have been
   * given on. Each version that has signatures is printed with how many signed it, and the list of
   * signatories is grouped by version.
   */
  versions?: { version: number; title: string; text: string }[];
  /** The order the signatories come in (they are given in it; the dossier says which it is). */
  order?: SignatoryOrder;
  /** The original's language code (the text above is the original). */
  language?: string;
  /**
   * Translations to print after the original, each under a heading naming its language (`name`, the
   * language's name in itself). Not signed text: the signatures were given on the original.
   */
  translations?: { language: string; name: string; title: string; text: string }[];
  targets: { name: string; office?: string }[];
  /** Who is behind it: the organisation's public profile (name; country, website and public contact when set). */
  organisation: { name: string; country?: string; website?: string; contact?: string };
  /** ISO date-time the dossier is generated at; printed as the date. */
  generatedAt: string;
  counts: { total: number; byCountry: Record<string, number> };
  cosigners: { name: string; country: string; website?: string }[];
  delivery?: { deliveredOn: string; to: string; method: string; note?: string };
  /** Which signer fields this campaign collects and the dossier may show (name always). */
  fields: { country: boolean; comment: boolean };
  /** The language of the dossier's own words, numbers, dates and country names; English if not given. */
  lang?: Language;
}

export interface Signatory {
  name: string;
  country?: string;
  comment?: string;
  /** The text version signed (1 if not given). The list must come grouped by it, lowest first. */
  textVersion?: number;
  /** ISO date-time the signer confirmed (first and last are printed, as days). */
  confirmedAt?: string;
}

/** The signatories: an array, or a function that opens the list afresh (it is read three times). */
export type Signatories = readonly Signatory[] | (() => AsyncIterable<Signatory> | Iterable<Signatory>);

/**
 * Every word the dossier prints itself, and its numbers, dates and country names, in one language.
 * The words come from the server catalog's `dossier` section; writeDossier loads the catalog first.
 */
export function dossierWords(lang: Language = DEFAULT_LANGUAGE) {
  const d = stringsFor(lang).dossier;
  const countryNames = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  // en-GB for English: "24 November 2026", unambiguous wherever the dossier is read.
  const longDate = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' });
  const labels = {
    ...d,
    method: d.method as Record<string, string>,
    deliveredAs: (date: string, to: string, method: string | undefined) =>
      method ? format(lang, d.deliveredAs, { date, to, method }) : format(lang, d.deliveredTo, { date, to }),
    textVersion: (version: number) => format(lang, d.textVersion, { version }),
    signedVersion: (signatures: number) => format(lang, d.signedVersion, { signatures }),
    confirmedBetween: (first: string, last: string) => format(lang, d.confirmedBetween, { first, last }),
    page: (page: number, pages: number) => format(lang, d.page, { page, pages }),
    translation: (language: string) => format(lang, d.translation, { language }),
  };
  return {
    lang,
    labels,
    number: new Intl.NumberFormat(lang),
    percent: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }),
    countryName(code: string | undefined): string {
      if (!code) return '';
      try {
        return countryNames.of(code.toUpperCase()) ?? code;
      } catch {
        return code; // not a well-formed region code: print what was stored
      }
    },
    formatDate(iso: string): string {
      const day = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(day.getTime()) ? iso : longDate.format(day);
    },
  };
}
export type DossierWords = ReturnType<typeof dossierWords>;

/** The English labels (what a dossier without `lang` prints). */
export const labels = dossierWords('en').labels;

// A4 in points; everything is positioned explicitly inside these margins.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE_HEIGHT - MARGIN.bottom;
const FOOTER_BASELINE = PAGE_HEIGHT - 36;
/** Line height and baseline as multiples of the font size (Noto: ascent 1.069, descent 0.293 em). */
const LEADING = 1.4;
const BASELINE = 1.088;
const INDENT = 18;
const GAP = 10;

const SIZE = { kind: 11, title: 20, section: 14, body: 10.5, meta: 10, table: 9.5, footer: 8 };
// Headings of the campaign text stay below the dossier's own section headings (14 pt).
const HEADING_SIZE = [13, 12, 11.5, 11, 10.5, 10.5];
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#b0b0b0';

/** How often onProgress is called, and how often the loop yields to the event loop. */
const PROGRESS_EVERY = 500;
const YIELD_EVERY = 200;
/** Above this much PDF output waiting inside pdfkit, let it flow to `out` before drawing more. */
const MAX_PENDING_BYTES = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Text layout

interface Piece { text: string; face: FontFace; width: number }
interface Line { pieces: Piece[]; width: number }
interface Word { pieces: Piece[]; width: number; space?: Piece; breakBefore: boolean }

/** Advance widths in em per face and string; bounded, since names are mostly distinct. */
const widths = new Map<string, number>();
const MAX_CACHED_WIDTHS = 50_000;

function emWidth(face: FontFace, text: string): number {
  const key = `${face.key}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size >= MAX_CACHED_WIDTHS) widths.clear();
    w = face.font.layout(text).advanceWidth / face.font.unitsPerEm;
    widths.set(key, w);
  }
  return w;
}

const SPACE = 0x20;
/** Break opportunities: runs of white space except no-break spaces, and line feeds. */
const BREAKS = /(\n)|[^\S\n\u00a0\u202f\u2007]+/gu;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function words(spans: Span[], size: number, fonts: DossierFonts): Word[] {
  const out: Word[] = [];
  let word: Word | undefined;
  let spaceStyle: SpanStyle | undefined;
  let breakBefore = false;
  const finish = () => {
    if (word) out.push(word);
    word = undefined;
  };
  for (const span of spans) {
    const faces = fonts[span.style];
    let last = 0;
    const add = (text: string) => {
      if (!text) return;
      if (!word) {
        word = { pieces: [], width: 0, breakBefore };
        breakBefore = false;
        if (spaceStyle && out.length) {
          // The space takes the face of the text before it when that face has one, so a line
          // of one script stays one run.
          const prev = out[out.length - 1]!.pieces.at(-1)?.face;
          const spaceFaces = fonts[spaceStyle];
          const face = prev?.font.hasGlyphForCodePoint(SPACE) ? prev : spaceFaces.find((f) => f.font.hasGlyphForCodePoint(SPACE));
          if (face) word.space = { text: ' ', face, width: emWidth(face, ' ') * size };
        }
        spaceStyle = undefined;
      }
      for (const run of splitRuns(text, faces)) {
        const width = emWidth(run.face, run.text) * size;
        word.pieces.push({ text: run.text, face: run.face, width });
        word.width += width;
      }
    };
    for (const m of span.text.matchAll(BREAKS)) {
      add(span.text.slice(last, m.index));
      last = m.index + m[0].length;
      finish();
      if (m[1]) {
        // A hard line break: the next word starts a line; two in a row leave an empty line.
        if (breakBefore) out.push({ pieces: [], width: 0, breakBefore: true });
        breakBefore = true;
        spaceStyle = undefined;
      } else if (!breakBefore) spaceStyle = span.style;
    }
    add(span.text.slice(last));
  }
  finish();
  return out;
}

/** Greedy line breaking at spaces; a word longer than the line is broken between characters. */
function layout(spans: Span[], size: number, maxWidth: number, fonts: DossierFonts): Line[] {
  const lines: Line[] = [];
  let line: Line = { pieces: [], width: 0 };
  const flush = () => {
    lines.push(merge(line));
    line = { pieces: [], width: 0 };
  };
  for (const word of words(spans, size, fonts)) {
    if (word.breakBefore && (line.pieces.length || lines.length || !word.pieces.length)) flush();
    const space = line.pieces.length && word.space ? word.space : undefined;
    const needed = (space?.width ?? 0) + word.width;
    if (line.width + needed <= maxWidth || (!line.pieces.length && word.width <= maxWidth)) {
      if (space) line.pieces.push(space);
      line.pieces.push(...word.pieces);
      line.width += needed;
      continue;
    }
    if (line.pieces.length) flush();
    if (word.width <= maxWidth) {
      line.pieces.push(...word.pieces);
      line.width = word.width;
      continue;
    }
    for (const piece of word.pieces) {
      for (const { segment } of graphemes.segment(piece.text)) {
        const w = emWidth(piece.face, segment) * size;
        if (line.width + w > maxWidth && line.pieces.length) flush();
        line.pieces.push({ text: segment, face: piece.face, width: w });
        line.width += w;
      }
    }
  }
  if (line.pieces.length || !lines.length) flush();
  return lines;
}

/** Adjacent pieces in one face become one piece: one text operation, and extraction keeps words whole. */
function merge(line: Line): Line {
  const pieces: Piece[] = [];
  for (const p of line.pieces) {
    const last = pieces[pieces.length - 1];
    if (last && last.face === p.face) {
      last.text += p.text;
      last.width += p.width;
    } else pieces.push({ ...p });
  }
  return { pieces, width: line.width };
}

const plain = (text: string, style: SpanStyle = 'regular'): Span[] => [{ text, style }];

// ---------------------------------------------------------------------------------------------
// Pages

/**
 * pdfkit caches the shaped layout of every word it draws, per font, for the whole document
 * (`fontLayoutCache`). That saves it shaping each word three times per draw, but with 100,000
 * distinct names it grows without bound. So the cache is kept and emptied at every page break:
 * memory is bounded by one page's words. Reaches into pdfkit's fonts (`_fontFamilies`,
 * `layoutCache`); a unit test fails if those move.
 */
export function forgetLayouts(doc: PDFKit.PDFDocument): number {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies;
  let emptied = 0;
  for (const font of Object.values(families ?? {})) {
    if (font.layoutCache) {
      font.layoutCache = Object.create(null) as object;
      emptied++;
    }
  }
  return emptied;
}

interface Cell {
  x: number;
  width: number;
  lines: Line[];
  align?: 'left' | 'right';
}

interface TextStyle { size: number; color: string }

/**
 * Places blocks, rows and rules on pages, breaking pages as needed. Without a document it only lays
 * out: the same measurements and breaks, nothing drawn, which is how the page count is found before
 * anything is drawn (see the top of this file).
 */
class Pages {
  count = 0;
  y = MARGIN.top;
  /** Drawn at the top of every new page while set, e.g. a table's header row. */
  onNewPage: (() => void) | undefined;
  private color = '';
  private footerTitle: Line;

  constructor(
    private readonly doc: PDFKit.PDFDocument | undefined,
    readonly fonts: DossierFonts,
    title: string,
    readonly words: DossierWords,
    /** The page count found by the layout pass (0 while laying out). */
    readonly total = 0,
  ) {
    // The title, cut to one line, so a loose page still says which dossier it belongs to.
    const width = CONTENT_WIDTH - 80;
    let lines = layout(plain(title), SIZE.footer, width, fonts);
    for (let keep = title.length; lines.length > 1 && keep > 0; ) {
      keep = Math.min(keep - 1, lines[0]!.pieces.reduce((n, p) => n + p.text.length, 0) - 1);
      lines = layout(plain(`${title.slice(0, keep).trimEnd()}…`), SIZE.footer, width, fonts);
    }
    this.footerTitle = lines[0]!;
  }

  /** Whether this only lays out (the first pass). */
  get dry(): boolean {
    return !this.doc;
  }

  add(): void {
    this.count++;
    if (this.doc) {
      this.doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
      forgetLayouts(this.doc);
      // The footer goes on as the page starts: finished pages are flushed, never revisited; the
      // total is known from the layout pass.
      const style = { size: SIZE.footer, color: MUTED };
      this.drawLine(this.footerTitle, MARGIN.left, FOOTER_BASELINE, style);
      const number = layout(plain(this.words.labels.page(this.count, this.total)), SIZE.footer, 160, this.fonts)[0]!;
      this.drawLine(number, PAGE_WIDTH - MARGIN.right - number.width, FOOTER_BASELINE, style);
    }
    this.y = MARGIN.top;
    this.onNewPage?.();
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.add();
  }

  drawLine(line: Line, x: number, baseline: number, style: TextStyle): void {
    const doc = this.doc;
    if (!doc) return;
    if (style.color !== this.color) {
      doc.fillColor(style.color);
      this.color = style.color;
    }
    let cx = x;
    for (const piece of line.pieces) {
      doc.font(piece.face.key).fontSize(style.size);
      // textWidth: the width is known, so pdfkit need not lay the run out once more to get it.
      doc.text(piece.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic', textWidth: piece.width } as PDFKit.Mixins.TextOptions);
      cx += piece.width;
    }
  }

  /** Lines of one block, breaking to a new page between lines when needed. */
  block(lines: Line[], x: number, style: TextStyle, marker?: Line): void {
    const lh = style.size * LEADING;
    lines.forEach((line, i) => {
      this.ensure(lh);
      const baseline = this.y + style.size * BASELINE;
      if (i === 0 && marker) this.drawLine(marker, x - marker.width - 5, baseline, style);
      this.drawLine(line, x, baseline, style);
      this.y += lh;
    });
  }

  /** The height a row takes (see row()). */
  static rowHeight(cells: Cell[], style: TextStyle, gap: number): number {
    return Math.max(1, ...cells.map((c) => c.lines.length)) * style.size * LEADING + gap;
  }

  /** A table row: kept on one page when it fits on one, otherwise split between lines. */
  row(cells: Cell[], style: TextStyle, gap: number): void {
    const lh = style.size * LEADING;
    const n = Math.max(1, ...cells.map((c) => c.lines.length));
    if (this.y + n * lh > BOTTOM && n * lh <= BOTTOM - MARGIN.top - 3 * lh) this.add();
    for (let i = 0; i < n; i++) {
      this.ensure(lh);
      const baseline = this.y + style.size * BASELINE;
      for (const cell of cells) {
        const line = cell.lines[i];
        if (!line) continue;
        const x = cell.align === 'right' ? cell.x + cell.width - line.width : cell.x;
        this.drawLine(line, x, baseline, style);
      }
      this.y += lh;
    }
    this.y += gap;
  }

  rule(x = MARGIN.left, width = CONTENT_WIDTH): void {
    this.doc?.save().moveTo(x, this.y).lineTo(x + width, this.y).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  }
}

// ---------------------------------------------------------------------------------------------
// The dossier

/**
 * Writes the dossier to `out` and resolves when `out` has finished. On failure (fonts missing, the
 * signatories iterable throws, `out` errors or closes early) `out` is destroyed with the error — a
 * half-written dossier must never look complete — and the promise rejects.
 */
export async function writeDossier(
  input: DossierInput,
  signatories: Signatories,
  out: NodeJS.WritableStream,
  onProgress?: (rows: number) => void,
): Promise<{ pages: number; signatories: number }> {
  const output = pump(out);
  let doc: PDFKit.PDFDocument | undefined;
  let pages: Pages | undefined;
  let rows = 0;
  const open = (): AsyncIterable<Signatory> | Iterable<Signatory> => (typeof signatories === 'function' ? signatories() : signatories);
  try {
    const lang = input.lang ?? DEFAULT_LANGUAGE;
    await loadStrings(lang);
    const fonts = await loadDossierFonts();
    const words = dossierWords(lang);
    // Pass 1: what the front matter states about the list.
    const stats = await listStats(open());
    // Pass 2: the whole layout, drawn nowhere, for the page count.
    const layoutPass = new Pages(undefined, fonts, input.title, words);
    layoutPass.add();
    frontMatter(layoutPass, input, stats);
    await signatoryList(layoutPass, input, stats, open(), async () => {});
    // Pass 3: drawn, with the same code and measurements.
    doc = new PDFDocument({
      autoFirstPage: false,
      bufferPages: false,
      // No default font: pdfkit would load Helvetica's metrics with a runtime require() that a
      // bundled Lambda cannot resolve. Every string here is drawn in a registered Noto face.
      font: null as unknown as string,
      size: [PAGE_WIDTH, PAGE_HEIGHT],
      margin: 0,
      lang,
      displayTitle: true,
      info: {
        Title: input.title,
        Author: input.organisation.name,
        Creator: 'Undersigned',
        Producer: 'Undersigned',
        CreationDate: new Date(input.generatedAt),
      },
    });
    for (const face of [...fonts.regular, ...fonts.bold, ...fonts.italic]) {
      // pdfkit takes an already parsed fontkit font (anything with layout()), so the faces are
      // parsed once per process; its types only list file sources.
      doc.registerFont(face.key, face.font as unknown as Uint8Array);
    }
    output.from(doc);
    pages = new Pages(doc, fonts, input.title, words, layoutPass.count);
    pages.add();
    frontMatter(pages, input, stats);
    await output.ready(doc);
    rows = await signatoryList(pages, input, stats, open(), () => output.ready(doc!), onProgress);
    if (rows % PROGRESS_EVERY !== 0 || rows === 0) onProgress?.(rows);
    // The list changed between the passes (the caller gave a different one): the numbers printed
    // would be wrong, so the dossier is not finished.
    if (pages.count !== layoutPass.count || rows !== stats.rows) throw new Error('The signatories changed while the dossier was written.');
    doc.end();
    await output.finished;
  } catch (err) {
    throw output.abort(err, doc);
  } finally {
    output.release();
  }
  return { pages: pages.count, signatories: rows };
}

/**
 * A pipe from pdfkit to `out` that also pushes back: when `out` asks to wait, `ready()` waits
 * for it to drain, so the loop stops drawing instead of piling pages up in memory. (`pipe()`
 * would pause pdfkit's output, but pdfkit keeps accepting drawing calls and buffers them.)
 */
function pump(out: NodeJS.WritableStream) {
  let failure: unknown;
  let closed = false;
  let aborted = false;
  let waiting: Promise<void> | undefined;
  const onError = (err: unknown) => {
    failure ??= err;
  };
  const onClose = () => {
    closed = true;
    failure ??= new Error('The output closed before the dossier was complete.');
  };
  out.on('error', onError);
  out.on('close', onClose);
  const done = finished(out);
  done.catch(() => {}); // awaited at the end; an early failure surfaces through `failure`

  const drain = () =>
    new Promise<void>((resolve, reject) => {
      const settle = (err?: unknown) => {
        out.off('drain', onDrain);
        out.off('close', onEnd);
        out.off('error', onEnd);
        waiting = undefined;
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => settle();
      const onEnd = (err?: unknown) => settle(err ?? failure ?? new Error('The output closed before the dossier was complete.'));
      out.on('drain', onDrain);
      out.on('close', onEnd);
      out.on('error', onEnd);
    });

  let source: PDFKit.PDFDocument | undefined;
  const onData = (chunk: Uint8Array) => {
    if (failure || closed) return;
    if (!out.write(chunk) && !waiting) {
      waiting = drain();
      waiting.catch(() => {});
    }
  };
  const onEnd = () => out.end();

  return {
    finished: done,
    from(doc: PDFKit.PDFDocument) {
      source = doc;
      doc.on('data', onData);
      doc.on('end', onEnd);
    },
    async ready(doc: PDFKit.PDFDocument) {
      if (failure) throw failure;
      if (waiting) await waiting;
      // Output not yet handed on (the stream was paused) is bounded too.
      if (doc.readableLength > MAX_PENDING_BYTES) await new Promise((r) => setImmediate(r));
    },
    abort(err: unknown, doc?: PDFKit.PDFDocument): unknown {
      aborted = true;
      doc?.off('data', onData).off('end', onEnd);
      const destroy = (out as { destroy?: (e: unknown) => void }).destroy;
      if (typeof destroy === 'function') destroy.call(out, err);
      return failure ?? err;
    },
    release() {
      // After an abort the 'error' that destroy() emits is still to come: keep listening, so it
      // cannot become an uncaught exception when the caller has no listener of its own.
      if (!aborted) out.off('error', onError);
      out.off('close', onClose);
      source?.off('data', onData).off('end', onEnd);
    },
  };
}

/** What the front matter says of the list, read before anything is laid out. */
interface ListStats {
  rows: number;
  /** Signatures per text version, in the order the groups come. */
  byVersion: Map<number, number>;
  /** The first and last confirmation (ISO date-times), when the signatories carry them. */
  first?: string;
  last?: string;
}

async function listStats(list: AsyncIterable<Signatory> | Iterable<Signatory>): Promise<ListStats> {
  const stats: ListStats = { rows: 0, byVersion: new Map() };
  let previous: number | undefined;
  for await (const s of list) {
    stats.rows++;
    const version = s.textVersion ?? 1;
    if (version !== previous && stats.byVersion.has(version)) throw new Error('The signatories must come grouped by text version.');
    previous = version;
    stats.byVersion.set(version, (stats.byVersion.get(version) ?? 0) + 1);
    if (s.confirmedAt) {
      if (!stats.first || s.confirmedAt < stats.first) stats.first = s.confirmedAt;
      if (!stats.last || s.confirmedAt > stats.last) stats.last = s.confirmedAt;
    }
    if (stats.rows % (YIELD_EVERY * 10) === 0) await new Promise((r) => setImmediate(r));
  }
  return stats;
}

/**
 * Whether the dossier names text versions: unless every signature (if any) is on the one text the
 * campaign ever had, each version that has signatures is printed with its count, and the list is
 * grouped by version.
 */
function namesVersions(input: DossierInput, stats: ListStats): boolean {
  const signed = [...stats.byVersion.keys()];
  return !(signed.length === 0 ? input.version === 1 : signed.length === 1 && signed[0] === 1 && input.version === 1);
}

function frontMatter(pages: Pages, input: DossierInput, stats: ListStats): void {
  const { fonts } = pages;
  const { labels, number, formatDate } = pages.words;
  const meta = { size: SIZE.meta, color: INK };

  pages.block(layout(plain(labels.kind[input.kind]), SIZE.kind, CONTENT_WIDTH, fonts), MARGIN.left, { size: SIZE.kind, color: MUTED });
  pages.block(layout(plain(input.title, 'bold'), SIZE.title, CONTENT_WIDTH, fonts), MARGIN.left, { size: SIZE.title, color: INK });
  pages.y += 8;

  // Label | value rows.
  const labelWidth = 110;
  const valueX = MARGIN.left + labelWidth + GAP;
  const valueWidth = CONTENT_WIDTH - labelWidth - GAP;
  const metaRow = (label: string, values: string[]) => {
    const lines = values.flatMap((v) => layout(plain(v), meta.size, valueWidth, fonts));
    pages.row(
      [
        { x: MARGIN.left, width: labelWidth, lines: layout(plain(label, 'bold'), meta.size, labelWidth, fonts) },
        { x: valueX, width: valueWidth, lines },
      ],
      meta,
      4,
    );
  };
  metaRow(labels.addressedTo, input.targets.map((t) => (t.office ? `${t.name}, ${t.office}` : t.name)));
  const org = input.organisation;
  metaRow(labels.organisedBy, [
    org.country ? `${org.name}, ${pages.words.countryName(org.country)}` : org.name,
    ...(org.website ? [org.website] : []),
    ...(org.contact ? [org.contact] : []),
  ]);
  metaRow(labels.date, [formatDate(input.generatedAt)]);
  if (input.delivery) {
    const d = input.delivery;
    // No brackets of its own: an addressee often has some ("Parliament (reception)"), and "other" says nothing.
    const method = d.method === 'other' ? undefined : (labels.method[d.method] ?? d.method);
    const delivered = labels.deliveredAs(formatDate(d.deliveredOn), d.to, method);
    metaRow(labels.delivered, d.note ? [delivered, d.note] : [delivered]);
  }
  metaRow(labels.totalSignatures, [number.format(input.counts.total)]);
  // How the signatures were collected and confirmed, and over which days.
  metaRow(labels.confirmation, [
    labels.confirmedHow,
    ...(stats.first && stats.last ? [labels.confirmedBetween(formatDate(stats.first), formatDate(stats.last))] : []),
  ]);

  // The text as signed: every version that has signatures, with how many signed it.
  if (!namesVersions(input, stats)) {
    sectionHeading(pages, labels.textAsSigned);
    campaignText(pages, input.text);
  } else {
    const texts = new Map((input.versions ?? []).map((v) => [v.version, v]));
    texts.set(input.version, { version: input.version, title: input.title, text: input.text });
    const signed = stats.byVersion.size ? [...stats.byVersion.keys()].sort((a, b) => a - b) : [input.version];
    for (const version of signed) {
      const text = texts.get(version);
      const note = layout(plain(labels.signedVersion(stats.byVersion.get(version) ?? 0)), SIZE.meta, CONTENT_WIDTH, fonts);
      sectionHeading(pages, `${labels.textAsSigned} — ${labels.textVersion(version)}`, note.length * SIZE.meta * LEADING + 2 * SIZE.body * LEADING);
      pages.block(note, MARGIN.left, { size: SIZE.meta, color: MUTED });
      pages.y += 4;
      if (text && text.title !== input.title) {
        pages.block(layout(plain(text.title, 'bold'), SIZE.section, CONTENT_WIDTH, fonts), MARGIN.left, { size: SIZE.section, color: INK });
        pages.y += 4;
      }
      if (text) campaignText(pages, text.text);
    }
  }

  // Translations the organiser chose, after the original: the title of each, then its text.
  for (const translation of input.translations ?? []) {
    sectionHeading(pages, `${labels.translation(translation.name)} (${translation.language})`);
    pages.block(layout(plain(translation.title, 'bold'), SIZE.section, CONTENT_WIDTH, fonts), MARGIN.left, { size: SIZE.section, color: INK });
    pages.y += 4;
    campaignText(pages, translation.text);
  }

  countsByCountry(pages, input);
  cosigners(pages, input);
}

/** A campaign text (markdown subset) as paragraphs, headings, lists and rules. */
function campaignText(pages: Pages, text: string): void {
  const { fonts } = pages;
  const body = { size: SIZE.body, color: INK };
  for (const block of markdownToBlocks(text)) {
    if (block.type === 'rule') {
      pages.ensure(12);
      pages.y += 6;
      pages.rule();
      pages.y += 6;
      continue;
    }
    if (block.type === 'heading') {
      const size = HEADING_SIZE[block.level - 1] ?? SIZE.body;
      const spans = block.spans.map((s) => ({ ...s, style: 'bold' as const }));
      pages.y += size * 0.5;
      pages.ensure(size * LEADING + 2 * body.size * LEADING); // not alone at the foot of a page
      pages.block(layout(spans, size, CONTENT_WIDTH, fonts), MARGIN.left, { size, color: INK });
      pages.y += 2;
      continue;
    }
    const x = MARGIN.left + block.indent * INDENT;
    const marker = block.marker ? layout(plain(block.marker), body.size, INDENT * 2, fonts)[0] : undefined;
    pages.block(layout(block.spans, body.size, CONTENT_WIDTH - block.indent * INDENT, fonts), x, body, marker);
    pages.y += body.size * (block.indent ? 0.25 : 0.5); // list items sit closer together than paragraphs
  }
}

/**
 * A section heading, kept with what follows it: `following` is the height of what must stand on the
 * same page (a table's header and first row, a note and two lines of text), so no heading or table
 * header is ever left alone at the foot of a page.
 */
function sectionHeading(pages: Pages, text: string, following = 3 * SIZE.table * LEADING): void {
  const style = { size: SIZE.section, color: INK };
  const lines = layout(plain(text, 'bold'), style.size, CONTENT_WIDTH, pages.fonts);
  pages.y += 14;
  pages.ensure(lines.length * style.size * LEADING + 4 + following);
  pages.block(lines, MARGIN.left, style);
  pages.y += 4;
}

/** A header row in bold with a rule under it; `draw` is repeated on every page the table runs onto. */
function tableHeader(pages: Pages, cells: { x: number; width: number; text: string; align?: 'left' | 'right' }[]) {
  const style = { size: SIZE.table, color: MUTED };
  const row = cells.map((c) => ({ ...c, lines: layout(plain(c.text, 'bold'), style.size, c.width, pages.fonts) }));
  return {
    height: Pages.rowHeight(row, style, 2) + 4,
    draw: () => {
      pages.row(row, style, 2);
      pages.rule();
      pages.y += 4;
    },
  };
}

function countsByCountry(pages: Pages, input: DossierInput): void {
  const { labels, number, percent, countryName } = pages.words;
  const entries = Object.entries(input.counts.byCountry).filter(([, n]) => n > 0);
  if (!input.fields.country || !entries.length) return;
  const { fonts } = pages;
  const collator = new Intl.Collator(pages.words.lang);
  const rows = entries
    .map(([code, n]) => ({ name: countryName(code), n }))
    .sort((a, b) => b.n - a.n || collator.compare(a.name, b.name));
  const given = rows.reduce((sum, r) => sum + r.n, 0);
  if (input.counts.total > given) rows.push({ name: labels.countryNotGiven, n: input.counts.total - given });

  const style = { size: SIZE.table, color: INK };
  const nameW = 250;
  const numW = 80;
  const cols = { name: MARGIN.left, n: MARGIN.left + nameW + GAP, share: MARGIN.left + nameW + numW + 2 * GAP };
  const header = tableHeader(pages, [
    { x: cols.name, width: nameW, text: labels.country },
    { x: cols.n, width: numW, text: labels.signatures, align: 'right' },
    { x: cols.share, width: numW, text: labels.share, align: 'right' },
  ]);
  const total = Math.max(input.counts.total, given);
  const cell = (x: number, width: number, text: string, align?: 'right') => ({ x, width, align, lines: layout(plain(text), style.size, width, fonts) });
  const cells = rows.map((r) => [
    cell(cols.name, nameW, r.name),
    cell(cols.n, numW, number.format(r.n), 'right'),
    cell(cols.share, numW, total ? percent.format(r.n / total) : '', 'right'),
  ]);
  sectionHeading(pages, labels.byCountry, header.height + Pages.rowHeight(cells[0]!, style, 1));
  header.draw();
  pages.onNewPage = header.draw;
  for (const row of cells) pages.row(row, style, 1);
  pages.onNewPage = undefined;
}

function cosigners(pages: Pages, input: DossierInput): void {
  const { labels, countryName } = pages.words;
  if (!input.cosigners.length) return;
  const { fonts } = pages;
  const style = { size: SIZE.table, color: INK };
  const numW = 28;
  const x = MARGIN.left + numW + GAP;
  const nameW = 200;
  const countryW = 100;
  const webW = CONTENT_WIDTH - numW - nameW - countryW - 3 * GAP;
  const header = tableHeader(pages, [
    { x: MARGIN.left, width: numW, text: labels.number, align: 'right' },
    { x, width: nameW, text: labels.name },
    { x: x + nameW + GAP, width: countryW, text: labels.country },
    { x: x + nameW + countryW + 2 * GAP, width: webW, text: labels.website },
  ]);
  const rows: Cell[][] = input.cosigners.map((c, i) => [
    { x: MARGIN.left, width: numW, align: 'right', lines: layout(plain(`${i + 1}.`), style.size, numW, fonts) },
    { x, width: nameW, lines: layout(plain(c.name), style.size, nameW, fonts) },
    { x: x + nameW + GAP, width: countryW, lines: layout(plain(countryName(c.country)), style.size, countryW, fonts) },
    { x: x + nameW + countryW + 2 * GAP, width: webW, lines: c.website ? layout(plain(c.website), style.size, webW, fonts) : [] },
  ]);
  sectionHeading(pages, labels.cosigners, header.height + Pages.rowHeight(rows[0]!, style, 2));
  header.draw();
  pages.onNewPage = header.draw;
  for (const row of rows) pages.row(row, style, 2);
  pages.onNewPage = undefined;
}

async function signatoryList(
  pages: Pages,
  input: DossierInput,
  stats: ListStats,
  signatories: AsyncIterable<Signatory> | Iterable<Signatory>,
  flow: () => Promise<void>,
  onProgress?: (rows: number) => void,
): Promise<number> {
  const { fonts } = pages;
  const { labels, number, countryName } = pages.words;
  const style = { size: SIZE.table, color: INK };
  const note = { size: SIZE.meta, color: MUTED };
  // The list starts on a page of its own: the part most often printed, counted and checked.
  pages.add();
  pages.y -= 14;

  // Wide enough for the largest number expected, as printed ("12,345.").
  const digits = Math.max(String(Math.max(input.counts.total, stats.rows)).length, 4);
  const numW = emWidth(fonts.regular[0]!, `${number.format(Number('9'.repeat(digits)))}.`) * style.size;
  const rest = CONTENT_WIDTH - numW - GAP;
  const { country, comment } = input.fields;
  const share = country && comment ? [0.38, 0.22] : country ? [0.62, 0.38] : comment ? [0.45, 0] : [1, 0];
  const nameW = rest * share[0]! - (country || comment ? GAP : 0);
  const countryW = country ? rest * share[1]! - (comment ? GAP : 0) : 0;
  const commentW = comment ? rest - nameW - countryW - GAP * (country ? 2 : 1) : 0;
  const xName = MARGIN.left + numW + GAP;
  const xCountry = xName + nameW + GAP;
  const xComment = country ? xCountry + countryW + GAP : xName + nameW + GAP;

  const headerCells = [
    { x: MARGIN.left, width: numW, text: labels.number, align: 'right' as const },
    { x: xName, width: nameW, text: labels.name },
  ];
  if (country) headerCells.push({ x: xCountry, width: countryW, text: labels.country });
  if (comment) headerCells.push({ x: xComment, width: commentW, text: labels.comment });
  const header = tableHeader(pages, headerCells);
  const grouped = namesVersions(input, stats);
  const orderNote = input.order === 'name' ? labels.orderName : labels.orderConfirmed;

  /** A group's heading (per text version when versions are named), kept with its header and first row. */
  const startGroup = (version: number, first: Cell[], firstGroup: boolean) => {
    pages.onNewPage = undefined;
    const notes = [
      ...(grouped ? [labels.signedVersion(stats.byVersion.get(version) ?? 0)] : []),
      ...(firstGroup ? [orderNote] : []),
    ].flatMap((text) => layout(plain(text), note.size, CONTENT_WIDTH, fonts));
    const notesHeight = notes.length * note.size * LEADING + 4;
    sectionHeading(pages, grouped ? `${labels.individuals} — ${labels.textVersion(version)}` : labels.individuals, notesHeight + header.height + Pages.rowHeight(first, style, 2));
    pages.block(notes, MARGIN.left, note);
    pages.y += 4;
    header.draw();
    pages.onNewPage = header.draw;
  };

  const names = new Map<string, string>();
  let rows = 0;
  let group: number | undefined;
  for await (const s of signatories) {
    rows++;
    const cells: Cell[] = [
      { x: MARGIN.left, width: numW, align: 'right', lines: layout(plain(`${number.format(rows)}.`), style.size, numW + GAP, fonts) },
      { x: xName, width: nameW, lines: layout(plain(s.name), style.size, nameW, fonts) },
    ];
    if (country && s.country) {
      let name = names.get(s.country);
      if (name === undefined) names.set(s.country, (name = countryName(s.country)));
      cells.push({ x: xCountry, width: countryW, lines: layout(plain(name), style.size, countryW, fonts) });
    }
    if (comment && s.comment) {
      cells.push({ x: xComment, width: commentW, lines: layout(plain(s.comment), style.size, commentW, fonts) });
    }
    const version = s.textVersion ?? 1;
    if (group === undefined || (grouped && version !== group)) startGroup(version, cells, group === undefined);
    group = version;
    pages.row(cells, style, 2);
    if (!pages.dry && rows % PROGRESS_EVERY === 0) onProgress?.(rows);
    await flow();
    // An iterable that never waits on I/O would otherwise keep the event loop from delivering
    // the output (and anything else the process does) until the whole list is drawn.
    if (rows % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
  }
  pages.onNewPage = undefined;
  if (!rows) {
    sectionHeading(pages, labels.individuals);
    pages.block(layout(plain(labels.noIndividuals), SIZE.body, CONTENT_WIDTH, fonts), MARGIN.left, { size: SIZE.body, color: MUTED });
  }
  return rows;
}
