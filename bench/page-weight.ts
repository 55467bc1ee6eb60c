/**
 * What a visitor's browser downloads for the public pages: the local stack with demo data, Chromium,
 * and every response the page asks for until the network is idle. Each response body is weighed raw
 * and gzip-compressed at level 9 (what CloudFront's gzip gives at most; brotli is smaller), so the
 * figure does not depend on whether the local server compresses.
 *
 *   npx tsx bench/page-weight.ts [--root DIR]   (DIR: another checkout to weigh, e.g. a worktree of an older commit)
 */
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const root = resolve(rootArg > 0 ? process.argv[rootArg + 1]! : '.');
const support = (await import(pathToFileURL(`${root}/test/browser/support.ts`).href)) as typeof import('../test/browser/support.ts');

const pages = [
  { name: 'campaign page (phone)', hash: '#/p/free-nadia-and-levan', viewport: support.PHONE },
  { name: 'campaign list (phone)', hash: '#/', viewport: support.PHONE },
];

const bs = await support.startBrowserStack();
try {
  console.log(`root: ${root}`);
  console.log('| page | requests | raw bytes | gzip -9 bytes | JS gzip | CSS gzip |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const p of pages) {
    const page = await bs.newPage(p.viewport);
    const bodies: Promise<{ url: string; type: string; raw: number; gz: number }>[] = [];
    page.on('response', (response) => {
      bodies.push(
        response.body().then(
          (body) => ({ url: response.url(), type: response.headers()['content-type'] ?? '', raw: body.length, gz: gzipSync(body, { level: 9 }).length }),
          () => ({ url: response.url(), type: '', raw: 0, gz: 0 }),
        ),
      );
    });
    await page.goto(`${bs.stack.app}/${p.hash}`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    const all = await Promise.all(bodies);
    // The count poll repeats while the page is open: weigh what loading the page costs, once each.
    const seen = new Map(all.map((r) => [r.url, r]));
    const list = [...seen.values()];
    const sum = (f: (r: (typeof list)[number]) => boolean, k: 'raw' | 'gz') => list.filter(f).reduce((s, r) => s + r[k], 0);
    const isJs = (r: (typeof list)[number]) => /javascript/.test(r.type);
    const isCss = (r: (typeof list)[number]) => /css/.test(r.type);
    console.log(`| ${p.name} | ${list.length} | ${sum(() => true, 'raw')} | ${sum(() => true, 'gz')} | ${sum(isJs, 'gz')} | ${sum(isCss, 'gz')} |`);
    if (process.argv.includes('--list')) for (const r of list) console.log(`  ${r.raw}\t${r.gz}\t${r.url.replace(bs.stack.app, '')}`);
    await page.close();
  }
} finally {
  await bs.stop();
}
