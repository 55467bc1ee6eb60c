/**
 * any-ascii (the slug suggestion's transliteration, web/src/organiser/editor/editor-rules.ts) ships a table for all of
 * Unicode: 540 KB, mostly CJK, that the organiser pages would otherwise download. The page bundles
 * only the blocks of the scripts we serve; letters of any other script are dropped from a suggestion,
 * as any-ascii drops what it has no transliteration for. web/build.ts swaps the table for this.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** 256-code-point blocks (code point >>> 8): Latin with its extensions and punctuation, Cyrillic, Armenian, Georgian. */
export const SLUG_BLOCKS: readonly number[] = [
  0x00, 0x01, 0x02, 0x03, // Latin-1, Latin Extended-A/B (ş ğ ı ș ț), IPA (ə), combining marks
  0x04, 0x05, // Cyrillic and its supplement (Kazakh), Armenian
  0x10, 0x1c, 0x2d, // Georgian, Georgian Mtavruli, Georgian Nuskhuri
  0x1e, 0x20, // Latin Extended Additional, General Punctuation (— ’ “)
  0xfb, // Armenian ligatures
];

const tableFile = join(dirname(fileURLToPath(import.meta.resolve('any-ascii'))), 'block.js');

/** The source of a block.js with only SLUG_BLOCKS, taken from the installed any-ascii. */
export async function slugBlockModule(): Promise<string> {
  const { default: block } = (await import(pathToFileURL(tableFile).href)) as { default: (n: number) => string };
  const cases = SLUG_BLOCKS.map((n) => `case ${n}:return ${JSON.stringify(block(n))};`).join('\n');
  return `export default function block(n){switch(n){\n${cases}\ndefault:return "";}}\n`;
}

/** The esbuild plugin that loads slugBlockModule() in place of any-ascii's full table. */
export function slugBlocksPlugin(): Plugin {
  return {
    name: 'any-ascii-slug-blocks',
    setup(build) {
      build.onLoad({ filter: /[\\/]any-ascii[\\/]block\.js$/ }, async () => ({ contents: await slugBlockModule(), loader: 'js' }));
    },
  };
}
