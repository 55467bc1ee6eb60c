/**
 * Share card: time to draw one card (satori → SVG → resvg-wasm → PNG) and the card function's bundle.
 *
 *   npx tsx bench/share-card.ts [runs=20] [out-dir]
 *
 * Prints the first card's time in a fresh process (fonts read and parsed, WebAssembly compiled: a cold
 * container's first card), then per script (Georgian, Armenian, Cyrillic, Latin) the median and worst
 * of `runs` warm cards, each with another count (so no two are the same picture); peak RSS; and the
 * size of the draw-share-cards bundle as NodejsFunction builds it (esbuild with the ServiceFunction's
 * options) plus the fonts and module it carries. With out-dir, writes each script's card at 0 %, 40 %
 * and past 100 % there, to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CARD_FONT_FILES, CARD_WASM_FILE, renderCard } from '../functions/documents/share-card.ts';
import type { CardContent } from '../functions/rules/share-card.ts';

const runs = Number(process.argv[2] ?? 20);
const outDir = process.argv[3];

const CARDS: Record<string, Omit<CardContent, 'count'>> = {
  georgian: { lang: 'ka', title: 'გაათავისუფლეთ ნადია და ლევანი — სამართლიანობა ახლავე', target: 'საქართველოს პრეზიდენტი', moreTargets: 2, goal: 10_000, status: 'open' },
  armenian: { lang: 'hy', title: 'Ազատություն քաղբանտարկյալներին', target: 'Հայաստանի վարչապետ', moreTargets: 0, goal: 10_000, status: 'open' },
  cyrillic: { lang: 'ru', title: 'Остановите закон об «иностранных агентах»', target: 'Государственная дума', moreTargets: 0, goal: 10_000, status: 'open' },
  latin: { lang: 'en', title: 'Save the botanical garden of Tbilisi from the new road', target: 'Mayor of Tbilisi', moreTargets: 0, goal: 10_000, status: 'open' },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const t0 = performance.now();
await renderCard({ ...CARDS.georgian!, count: 1 });
console.log(`first card (cold: fonts, WebAssembly): ${(performance.now() - t0).toFixed(0)} ms`);

for (const [script, card] of Object.entries(CARDS)) {
  await renderCard({ ...card, count: 0 }); // this script's fonts, once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await renderCard({ ...card, count: 1000 + i * 137 });
    times.push(performance.now() - start);
  }
  console.log(`${script.padEnd(9)} warm, ${runs} cards: median ${median(times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms`);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    for (const [label, count] of [['0', 0], ['40', 4_000], ['over-100', 12_345]] as const) {
      writeFileSync(join(outDir, `${script}-${label}.png`), await renderCard({ ...card, count }));
    }
  }
}
clearInterval(sample);
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);

// The bundle, as infra/constructs/api-function.ts has esbuild make it.
const dir = mkdtempSync(join(tmpdir(), 'undersigned-card-bundle-'));
try {
  await build({
    entryPoints: [join(import.meta.dirname, '..', 'functions', 'streams', 'draw-share-cards.ts')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    charset: 'utf8',
    logLevel: 'error',
    banner: { js: "import { createRequire as __undersignedCreateRequire } from 'node:module'; const require = __undersignedCreateRequire(import.meta.url);" },
  });
  const code = readFileSync(join(dir, 'index.mjs'));
  const resolve = createRequire(import.meta.url).resolve;
  const files = [...CARD_FONT_FILES, CARD_WASM_FILE].map((f) => readFileSync(resolve(f)));
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const filesSize = files.reduce((n, f) => n + f.length, 0);
  console.log(`bundle index.mjs: ${kb(statSync(join(dir, 'index.mjs')).size)} (${kb(gzipSync(code).length)} gzip)`);
  console.log(`fonts (${CARD_FONT_FILES.length} files) + resvg wasm: ${kb(filesSize)} (${kb(files.reduce((n, f) => n + gzipSync(f).length, 0))} gzip)`);
  console.log(`total unzipped: ${kb(code.length + filesSize)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
