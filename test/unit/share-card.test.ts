/**
 * The share card (issue #17, item 2): Georgian and Armenian titles are drawn with glyphs (no tofu),
 * the PNG is 1200×630, a title at the length limit stays inside its box, markup in a title is drawn
 * as text, and the rules of when a card is drawn again.
 */
import { Resvg } from '@resvg/resvg-wasm';
import satori from 'satori';
import { describe, expect, it } from 'vitest';
import { cardElement, cardLabels, cardSvg, fontsFor, loadCardFonts, renderCard, type LoadedCardFont } from '#documents/share-card.ts';
import { isLanguage } from '#lib/language.ts';
import { CAMPAIGN_LIMITS } from '#rules/limits.ts';
import {
  CARD_HEIGHT,
  CARD_THROTTLE_MS,
  CARD_WIDTH,
  TITLE_BOX,
  cardContent,
  cardKey,
  cardText,
  decideCard,
  progressShare,
  type CardContent,
} from '#rules/share-card.ts';

const GEORGIAN = 'გაათავისუფლეთ ნადია და ლევანი ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ';
const ARMENIAN = 'Ազատություն քաղբանտարկյալներին Երևան';

function card(overrides: Partial<CardContent> = {}): CardContent {
  return { lang: 'en', title: 'Free Nadia and Levan', target: 'The President', moreTargets: 0, count: 40, goal: 100, status: 'open', ...overrides };
}

/** Width and height from the IHDR chunk, after checking the PNG signature and the chunk's name. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(Buffer.from(png.subarray(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** One character alone, laid out by satori with the card's fonts: its SVG. */
async function glyphSvg(ch: string, fonts: readonly LoadedCardFont[]): Promise<string> {
  return satori({ type: 'div', props: { style: { display: 'flex', fontSize: 64, fontFamily: fonts.map((f) => `'${f.spec.family}'`).join(', ') }, children: ch } } as never, {
    width: 120,
    height: 120,
    fonts: fonts.map((f) => ({ name: f.spec.family, data: f.data, weight: f.spec.weight, style: 'normal' as const })),
  });
}

/** Rows of the rendered card (RGBA) that have any pixel darker than the background, within x range. */
function inkRows(pixels: Uint8Array, from: number, to: number): number[] {
  const rows: number[] = [];
  for (let y = from; y < to; y++) {
    for (let x = 64; x < CARD_WIDTH - 64; x++) {
      const i = (y * CARD_WIDTH + x) * 4;
      if (pixels[i]! < 200 && pixels[i + 1]! < 200 && pixels[i + 2]! < 200) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

describe('share card: drawn in the campaign\'s own script', () => {
  it.each([
    ['Georgian', 'ka', GEORGIAN],
    ['Armenian', 'hy', ARMENIAN],
  ] as const)('%s: every letter of the title is in a font passed to satori, and each is drawn as a glyph, not as a missing one', async (_script, lang, title) => {
    const { svg, fonts } = await cardSvg(card({ lang, title }));
    // Coverage: the fonts the card was laid out with have every code point of the title.
    const letters = [...new Set(title.replace(/\s/g, ''))];
    const uncovered = letters.filter((ch) => !fonts.some((f) => f.font.hasGlyphForCodePoint(ch.codePointAt(0)!)));
    expect(uncovered).toEqual([]);
    // And not because every font was loaded: the other scripts' fonts were left out.
    const other = lang === 'ka' ? 'armenian' : 'georgian';
    expect(fonts.some((f) => f.spec.file.includes(`-${other}-`))).toBe(false);
    // The SVG draws text as glyph paths: outlines with many points, not a few boxes.
    const outline = [...svg.matchAll(/<path[^>]* d="([^"]+)"/g)].map((m) => m[1]!).join(' ');
    expect((outline.match(/[MLQCZ]/gi) ?? []).length).toBeGreaterThan(40 * letters.length);
    // Each letter, laid out alone with those fonts, differs from a code point none of them has (Thai ก):
    // a missing glyph (.notdef, tofu, or nothing) is the same picture whatever the letter.
    const missing = await glyphSvg('ก', fonts);
    const drawn = await Promise.all(letters.map((ch) => glyphSvg(ch, fonts)));
    const tofu = letters.filter((_, i) => drawn[i] === missing || !drawn[i]!.includes('<path'));
    expect(tofu).toEqual([]);
    // Two different letters draw two different pictures (no one fallback shape for all).
    expect(new Set(drawn).size).toBe(letters.length);
  });

  it('a Latin-only card loads only the Latin fonts; a Cyrillic one adds Cyrillic', async () => {
    const all = await loadCardFonts();
    const files = (text: string) => fontsFor(text, all).map((f) => f.spec.file.replace(/^.*\//, ''));
    expect(files('Free Nadia 1,234')).toEqual(['noto-sans-latin-400-normal.woff', 'noto-sans-latin-700-normal.woff']);
    expect(files('Свободу Наде')).toEqual(expect.arrayContaining(['noto-sans-cyrillic-400-normal.woff', 'noto-sans-cyrillic-700-normal.woff']));
    expect(files('Свободу Наде').some((f) => f.includes('georgian') || f.includes('armenian'))).toBe(false);
  });

  it('labels are in the campaign\'s language, numbers written as it writes them', async () => {
    const ka = await cardLabels(card({ lang: 'ka', count: 12345, goal: 20000, moreTargets: 2 }));
    expect(ka.count).toBe(`${new Intl.NumberFormat('ka').format(12345)} ხელმოწერა`);
    expect(ka.goal).toContain(new Intl.NumberFormat('ka').format(20000));
    expect(ka.more).toContain('2');
    const ru = await cardLabels(card({ lang: 'ru', count: 5, status: 'closed' }));
    expect(ru.count).toBe('5 подписей');
    expect(ru.status).toBe('Закрыта');
  });
});

describe('share card: the picture', () => {
  it('is a 1200×630 PNG', async () => {
    const png = await renderCard(card({ lang: 'ka', title: GEORGIAN }));
    expect(pngSize(png)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
    expect(png.length).toBeLessThan(300_000);
  });

  it.each([
    ['Georgian', 'ka', 'ვ'],
    ['Armenian', 'hy', 'Ժ'],
    ['Latin', 'en', 'W'],
  ] as const)('a %s title at the length limit is clamped inside its box (no line cut by the box edge)', async (_script, lang, letter) => {
    const word = letter.repeat(7);
    const title = `${word} `.repeat(CAMPAIGN_LIMITS.title).slice(0, CAMPAIGN_LIMITS.title);
    const { svg } = await cardSvg(card({ lang, title, target: `${word} `.repeat(40).slice(0, CAMPAIGN_LIMITS.targetName) }));
    await renderCard(card()); // initialises resvg
    const image = new Resvg(svg).render();
    const pixels = image.pixels;
    expect(image.width).toBe(CARD_WIDTH);
    // Lines are centred in the box: clamped, they leave a margin at both edges; overflowing, the box
    // would cut glyphs at its edges.
    const bottom = TITLE_BOX.top + TITLE_BOX.height;
    expect(inkRows(pixels, TITLE_BOX.top, TITLE_BOX.top + 6)).toEqual([]);
    expect(inkRows(pixels, bottom - 6, bottom + 12)).toEqual([]);
    expect(inkRows(pixels, TITLE_BOX.top, bottom).length).toBeGreaterThan(100);
    // The target is one line: nothing under it before the count.
    expect(inkRows(pixels, bottom + 62, 462)).toEqual([]);
  });

  it('a title that is one word longer than a line wraps and is clamped, rather than running off the card', async () => {
    const title = 'ა'.repeat(CAMPAIGN_LIMITS.title);
    const { svg } = await cardSvg(card({ lang: 'ka', title }));
    await renderCard(card());
    const pixels = new Resvg(svg).render().pixels;
    const bottom = TITLE_BOX.top + TITLE_BOX.height;
    const rows = inkRows(pixels, TITLE_BOX.top, bottom);
    // ა has neither ascender nor descender: about 23 rows of ink a line. Wrapped, there are four lines.
    expect(rows.length).toBeGreaterThan(60);
    expect(inkRows(pixels, bottom - 6, bottom + 12)).toEqual([]);
  });

  it('a title with markup is drawn as its characters: the SVG holds no element from it', async () => {
    const title = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
    const { svg } = await cardSvg(card({ title, target: '</svg><script>alert(3)</script>' }));
    expect(svg).not.toMatch(/script|onerror|<img|alert/i);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    const plain = (await cardSvg(card({ title: 'scriptalertscriptimgsrcxonerroralertquotes', target: 'svgscriptalertscript' }))).svg;
    // More glyphs drawn with the brackets than without: they are text.
    expect(svg.length).toBeGreaterThan(plain.length);
    expect(pngSize(await renderCard(card({ title })))).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
  });

  it('the bar is empty at 0, 40% at 40 of 100, and full past the goal', () => {
    const barWidth = (content: CardContent) => {
      const root = cardElement(content, { addressedTo: 'To', count: '', goal: '' }) as { props: { children: { props: { children?: unknown } }[] } };
      const track = root.props.children.at(-1)!;
      return ((track.props.children as { props: { style: { width: number } } }[])[0]!).props.style.width;
    };
    expect(barWidth(card({ count: 0 }))).toBe(0);
    expect(barWidth(card({ count: 40, goal: 100 }))).toBe(Math.round(0.4 * (CARD_WIDTH - 128)));
    expect(barWidth(card({ count: 250, goal: 100 }))).toBe(CARD_WIDTH - 128);
    expect(progressShare(5, 0)).toBe(0);
  });
});

describe('share card: what is drawn, and when', () => {
  const campaign = { status: 'open', language: 'ka', title: GEORGIAN, goal: 1000, targets: [{ name: 'პრეზიდენტი', office: 'საქართველო' }, { name: 'B' }] };

  it('shows the confirmed count, the first target and how many more; drafts have no card', () => {
    expect(cardContent(campaign, 12, isLanguage)).toEqual({
      lang: 'ka',
      title: GEORGIAN,
      target: 'პრეზიდენტი (საქართველო)',
      moreTargets: 1,
      count: 12,
      goal: 1000,
      status: 'open',
    });
    expect(cardContent({ ...campaign, status: 'draft' }, 12, isLanguage)).toBeUndefined();
    expect(cardContent({ ...campaign, privateDraft: true }, 12, isLanguage)).toBeUndefined();
    expect(cardContent({ ...campaign, language: undefined }, 0, isLanguage)!.lang).toBe('en');
    expect(cardKey('free-nadia')).toBe('c/free-nadia/card.png');
  });

  it('draws again at once when the text changes; when only the count moves, once per throttle; never when nothing visible changed', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    const shown = card({ count: 10 });
    const last = { text: cardText(shown), count: 10, renderedAt: now - 60_000 };
    expect(decideCard(undefined, shown, now)).toBe('render');
    expect(decideCard(last, shown, now)).toBe('unchanged');
    expect(decideCard(last, card({ count: 11 }), now)).toBe('throttled');
    expect(decideCard({ ...last, renderedAt: now - CARD_THROTTLE_MS }, card({ count: 11 }), now)).toBe('render');
    expect(decideCard({ ...last, renderedAt: now - CARD_THROTTLE_MS }, card({ count: 10 }), now)).toBe('unchanged');
    expect(decideCard(last, card({ count: 10, title: 'New title' }), now)).toBe('render');
    expect(decideCard(last, card({ count: 10, goal: 200 }), now)).toBe('render');
    expect(decideCard(last, card({ count: 10, target: 'Someone else' }), now)).toBe('render');
    expect(decideCard(last, card({ count: 10, status: 'closed' }), now)).toBe('render');
  });
});
