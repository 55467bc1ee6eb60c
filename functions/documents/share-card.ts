/**
 * Draws a campaign's share card: a 1200×630 PNG with its title, first target, confirmed count, goal
 * and a bar, and our name. satori lays the card out to SVG (text as glyph paths, from the Noto fonts
 * we pass it), resvg (WebAssembly, so the same build runs on arm64 Lambda and here) turns it into PNG.
 *
 * satori takes text, never markup: a title is a string child of an element, so `<script>` is drawn as
 * the eight characters it is. Fonts and the WebAssembly module are read once per process, lazily;
 * each card passes satori only the font files its text needs (Latin always, for digits and our name),
 * chosen by asking each font's own character map (fontkit), as the dossier does.
 *
 * In Lambda the bundle carries the fonts in ./fonts/ and the module in ./wasm/ beside this code (the
 * CDK bundling hook copies CARD_FONT_FILES and CARD_WASM_FILE); locally they come from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import satori from 'satori';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { format, loadStrings } from '#lib/language.ts';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  TITLE_BOX,
  progressShare,
  titleLayout,
  type CardContent,
} from '#rules/share-card.ts';

/** One font file satori may draw with: its family name, weight and the file. */
interface CardFontSpec {
  family: string;
  weight: 400 | 700;
  file: string;
}

const NOTO = '@fontsource/noto-sans/files/noto-sans';
const GEORGIAN = '@fontsource/noto-sans-georgian/files/noto-sans-georgian';
const ARMENIAN = '@fontsource/noto-sans-armenian/files/noto-sans-armenian';

/** Latin first: it has digits, punctuation and our name, so every card loads it. */
// One family name per file: satori keeps one font per name and weight, so subsets that shared a
// name would hide each other; it falls back along FAMILY for a character the first lacks.
const SUBSETS: { family: string; prefix: string; subset: string }[] = [
  { family: 'Noto Sans Latin', prefix: NOTO, subset: 'latin' },
  { family: 'Noto Sans Latin Ext', prefix: NOTO, subset: 'latin-ext' },
  { family: 'Noto Sans Cyrillic', prefix: NOTO, subset: 'cyrillic' },
  { family: 'Noto Sans Cyrillic Ext', prefix: NOTO, subset: 'cyrillic-ext' },
  { family: 'Noto Sans Georgian', prefix: GEORGIAN, subset: 'georgian' },
  { family: 'Noto Sans Armenian', prefix: ARMENIAN, subset: 'armenian' },
];

const SPECS: CardFontSpec[] = SUBSETS.flatMap(({ family, prefix, subset }) =>
  ([400, 700] as const).map((weight) => ({ family, weight, file: `${prefix}-${subset}-${weight}-normal.woff` })),
);

/** Every font file a card may use, as package specifiers (for the Lambda bundle). */
export const CARD_FONT_FILES: string[] = SPECS.map((spec) => spec.file);
/** The WebAssembly build of resvg (for the Lambda bundle). */
export const CARD_WASM_FILE = '@resvg/resvg-wasm/index_bg.wasm';

// Not named `require`: the Lambda bundle's banner declares that name at the top of the file.
const nodeRequire = createRequire(import.meta.url);

async function readBundled(folder: string, specifier: string): Promise<Buffer> {
  const basename = specifier.slice(specifier.lastIndexOf('/') + 1);
  try {
    return await readFile(new URL(`./${folder}/${basename}`, import.meta.url));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return readFile(nodeRequire.resolve(specifier));
  }
}

export interface LoadedCardFont {
  spec: CardFontSpec;
  data: Buffer;
  /** The font's own character map, to choose fonts per card (and to check coverage in tests). */
  font: fontkit.Font;
}

let fontsLoading: Promise<LoadedCardFont[]> | undefined;
let wasmLoading: Promise<void> | undefined;

/** Every card font, read and parsed once per process. */
export function loadCardFonts(): Promise<LoadedCardFont[]> {
  fontsLoading ??= Promise.all(
    SPECS.map(async (spec) => {
      const data = await readBundled('fonts', spec.file);
      return { spec, data, font: fontkit.create(data) as fontkit.Font };
    }),
  ).catch((err: unknown) => {
    fontsLoading = undefined; // retried by the next card rather than cached
    throw err;
  });
  return fontsLoading;
}

function loadWasm(): Promise<void> {
  wasmLoading ??= readBundled('wasm', CARD_WASM_FILE)
    .then((bytes) => initWasm(bytes))
    .catch((err: unknown) => {
      wasmLoading = undefined;
      throw err;
    });
  return wasmLoading;
}

/**
 * The fonts a text needs: Latin (both weights) always, and each other subset only when it has a
 * character of the text that no font chosen before it has.
 */
export function fontsFor(text: string, fonts: readonly LoadedCardFont[]): LoadedCardFont[] {
  const chosen = new Set<LoadedCardFont>(fonts.filter((f) => /-latin-(400|700)-normal\.woff$/.test(f.spec.file)));
  const files = (subsetOf: LoadedCardFont) => fonts.filter((f) => f.spec.file.replace(/-(400|700)-normal\.woff$/, '') === subsetOf.spec.file.replace(/-(400|700)-normal\.woff$/, ''));
  for (const ch of new Set(text)) {
    const cp = ch.codePointAt(0)!;
    if ([...chosen].some((f) => f.font.hasGlyphForCodePoint(cp))) continue;
    const first = fonts.find((f) => f.font.hasGlyphForCodePoint(cp));
    if (first) for (const f of files(first)) chosen.add(f);
  }
  return fonts.filter((f) => chosen.has(f));
}

/** satori parses a fonts array once and keeps it by identity: one array per set of files. */
const fontArrays = new Map<string, { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[]>();

function satoriFonts(chosen: readonly LoadedCardFont[]) {
  const key = chosen.map((f) => f.spec.file).join('|');
  let fonts = fontArrays.get(key);
  if (!fonts) {
    fonts = chosen.map((f) => ({ name: f.spec.family, data: f.data, weight: f.spec.weight, style: 'normal' as const }));
    fontArrays.set(key, fonts);
  }
  return fonts;
}

/** The words a card prints besides the campaign's own, in its language. */
export interface CardLabels {
  addressedTo: string;
  /** e.g. "1,234 signatures" */
  count: string;
  /** e.g. "of 5,000" */
  goal: string;
  status?: string;
  /** "+ 2" more targets */
  more?: string;
}

const COLOURS = { bg: '#faf9f6', text: '#1b1e22', muted: '#4b5259', accent: '#1d4a7a', track: '#e4e1da', onAccent: '#ffffff' };
const FAMILY = SUBSETS.map((s) => `'${s.family}'`).join(', ');
export const SITE_NAME = 'Undersigned';

type Node = { type: string; props: { style?: Record<string, unknown>; children?: unknown } };
const el = (type: string, style: Record<string, unknown>, children?: unknown): Node => ({ type, props: { style, children } });

/** The card as satori's element tree (plain objects: no JSX). */
export function cardElement(content: CardContent, labels: CardLabels): Node {
  const { fontSize, maxLines } = titleLayout(content.title);
  const share = progressShare(content.count, content.goal);
  const PAD = 64;
  return el(
    'div',
    { width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', flexDirection: 'column', backgroundColor: COLOURS.bg, fontFamily: FAMILY, color: COLOURS.text, position: 'relative' },
    [
      // Our name, top left, on the accent band.
      el('div', { position: 'absolute', top: 0, left: 0, width: CARD_WIDTH, height: 16, backgroundColor: COLOURS.accent }),
      el('div', { position: 'absolute', top: 44, left: PAD, right: PAD, display: 'flex', justifyContent: 'space-between', fontSize: 28, fontWeight: 700, color: COLOURS.accent }, [
        el('div', { display: 'flex' }, SITE_NAME),
        ...(labels.status ? [el('div', { display: 'flex', fontSize: 26, color: COLOURS.muted }, labels.status)] : []),
      ]),
      // The title, clamped to its box with an ellipsis.
      el(
        'div',
        {
          position: 'absolute',
          top: TITLE_BOX.top,
          left: PAD,
          width: CARD_WIDTH - 2 * PAD,
          height: TITLE_BOX.height,
          display: 'flex',
          alignItems: 'center',
          overflow: 'hidden',
        },
        // break-word: a word longer than the line (a URL, a name run together) wraps instead of running off.
        el('div', { display: 'block', fontSize, fontWeight: 700, lineHeight: 1.3, lineClamp: maxLines, wordBreak: 'break-word', overflow: 'hidden', width: CARD_WIDTH - 2 * PAD }, content.title),
      ),
      // The target, one line.
      el(
        'div',
        { position: 'absolute', top: TITLE_BOX.top + TITLE_BOX.height + 16, left: PAD, width: CARD_WIDTH - 2 * PAD, height: 44, display: 'flex', fontSize: 28, color: COLOURS.muted, overflow: 'hidden' },
        el('div', { display: 'block', lineClamp: 1, wordBreak: 'break-word', overflow: 'hidden', width: CARD_WIDTH - 2 * PAD }, `${labels.addressedTo}: ${content.target}${labels.more ? ` ${labels.more}` : ''}`),
      ),
      // Progress: count, goal, bar.
      el('div', { position: 'absolute', left: PAD, width: CARD_WIDTH - 2 * PAD, top: 460, display: 'flex', alignItems: 'baseline' }, [
        el('div', { display: 'flex', fontSize: 44, fontWeight: 700, color: COLOURS.accent }, labels.count),
        el('div', { display: 'flex', fontSize: 30, color: COLOURS.muted, marginLeft: 16 }, labels.goal),
      ]),
      el('div', { position: 'absolute', left: PAD, top: 540, width: CARD_WIDTH - 2 * PAD, height: 28, borderRadius: 14, backgroundColor: COLOURS.track, display: 'flex' }, [
        el('div', { width: Math.round(share * (CARD_WIDTH - 2 * PAD)), height: 28, borderRadius: 14, backgroundColor: COLOURS.accent }),
      ]),
    ],
  );
}

/** The labels of a card, in the campaign's language. */
export async function cardLabels(content: CardContent): Promise<CardLabels> {
  const strings = (await loadStrings(content.lang)).card;
  return {
    addressedTo: strings.addressedTo,
    count: format(content.lang, strings.count, { count: content.count }),
    goal: format(content.lang, strings.goal, { goal: content.goal }),
    ...(content.status === 'closed' ? { status: strings.closed } : content.status === 'delivered' ? { status: strings.delivered } : {}),
    ...(content.moreTargets > 0 ? { more: format(content.lang, strings.moreTargets, { count: content.moreTargets }) } : {}),
  };
}

/** Every character a card prints (to choose its fonts). */
function cardText(content: CardContent, labels: CardLabels): string {
  return [SITE_NAME, content.title, content.target, ...Object.values(labels)].join(' ');
}

/** The card as SVG (glyphs as paths), and the fonts it was laid out with. */
export async function cardSvg(content: CardContent): Promise<{ svg: string; fonts: LoadedCardFont[] }> {
  const [all, labels] = await Promise.all([loadCardFonts(), cardLabels(content)]);
  const fonts = fontsFor(cardText(content, labels), all);
  const svg = await satori(cardElement(content, labels) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: satoriFonts(fonts) });
  return { svg, fonts };
}

/** SVG to PNG at the card's size. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  await loadWasm();
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: CARD_WIDTH }, font: { loadSystemFonts: false } });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** The card as a PNG. */
export async function renderCard(content: CardContent): Promise<Uint8Array> {
  return svgToPng((await cardSvg(content)).svg);
}
