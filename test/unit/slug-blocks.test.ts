/**
 * The page bundles any-ascii with only the blocks of the scripts we serve (web/any-ascii-blocks.ts):
 * the suggestions must be what the full table gives, and the organiser chunk must not carry the rest.
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import anyAscii from 'any-ascii';
import { slugBlockModule, slugBlocksPlugin } from '../../web/any-ascii-blocks.ts';

const samples = [
  'თავისუფლება ჟურნალისტებს ᲗᲐᲕᲘᲡᲣᲤᲚᲔᲑᲐ',
  'Ազատություն լրագրողներին և ﬓ',
  'Свобода слова, Ґанок їжак єнот',
  'Қазақ тілі ғұмыр өңір ұлы үй һ',
  'Azərbaycan şəhəri üçün ğ ı İ',
  'Čeština řeč, latviešu ģērbonis, română ștință — “Łódź” ’',
];

describe('the slug suggestion’s transliteration table in the page', () => {
  it('transliterates every script we serve as the full table does', async () => {
    const source = await slugBlockModule();
    const { default: block } = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { default: (n: number) => string };
    const subset = (s: string) =>
      Array.from(s, (c) => {
        const cp = c.codePointAt(0)!;
        if (cp <= 0x7f) return c;
        return block(cp >>> 8).split('\t')[cp & 0xff] ?? '';
      }).join('');
    for (const sample of samples) expect(subset(sample)).toBe(anyAscii(sample));
    // Scripts we do not serve are left out, not turned into junk.
    expect(subset('中文')).toBe('');
  });

  it('replaces the full table in a bundle', async () => {
    const result = await build({
      stdin: { contents: "import anyAscii from 'any-ascii'; export default anyAscii;", resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      minify: true,
      plugins: [slugBlocksPlugin()],
    });
    const size = result.outputFiles[0]!.contents.byteLength;
    expect(size).toBeLessThan(40_000);
  });
});
