/**
 * What the public campaign page costs a signer, and how the pages look: starts the local stack in
 * memory (demo data, as the browser tests do), opens `#/p/<slug>` in Chromium at 360 px, waits until
 * the sign form is ready, and sums the bytes of every file the page loaded (the local server sends
 * them uncompressed; the gzip figure gzips each one at level 9, as a CDN would send it). Then takes
 * screenshots of the list, the campaign page and two organiser pages at 360 and 1280 px, so a change
 * to the stylesheets can be checked by eye or by pixel diff against the same run on another commit.
 *
 *   npx tsx bench/web-page-weight.ts [screenshot-dir]      (needs Chromium, see test/browser/support.ts)
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, signInOrganiser, startBrowserStack } from '../test/browser/support.ts';

const SLUG = 'free-nadia-and-levan';
const shots = resolve(process.argv[2] ?? 'web-shots');
mkdirSync(shots, { recursive: true });

const bs = await startBrowserStack();
try {
  const page = await bs.newPage(PHONE);
  const loaded: { path: string; raw: number; gzip: number }[] = [];
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    loaded.push({ path: url.pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  });
  await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
  await page.locator('form button[type="submit"]').waitFor();
  await page.waitForTimeout(2000);
  loaded.sort((a, b) => a.path.localeCompare(b.path));
  for (const f of loaded) console.log(`${String(f.raw).padStart(8)} ${String(f.gzip).padStart(8)}  ${f.path}`);
  const sum = (k: 'raw' | 'gzip', scripts: boolean) =>
    loaded.filter((f) => !scripts || /\.(js|css)$/.test(f.path)).reduce((n, f) => n + f[k], 0);
  console.log(`public campaign page: ${loaded.length} files, ${sum('raw', false)} B raw, ${sum('gzip', false)} B gzip`);
  console.log(`of which scripts and styles: ${sum('raw', true)} B raw, ${sum('gzip', true)} B gzip`);

  const shoot = async (p: Page, name: string, hash: string, ready: string) => {
    await p.goto(`${bs.stack.app}/${hash}`);
    await p.locator(ready).first().waitFor();
    await p.waitForTimeout(1500);
    await p.screenshot({ path: join(shots, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  };
  for (const [label, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    const p = await bs.newPage(viewport);
    await shoot(p, `list-${label}`, '#/', '.card');
    await shoot(p, `campaign-${label}`, `#/p/${SLUG}`, 'form button[type="submit"]');
    await shoot(p, `privacy-${label}`, '#/privacy', 'h1');
    await shoot(p, `embed-${label}`, `embed.html?slug=${SLUG}`, 'form button[type="submit"]');
    await shoot(p, `org-sign-in-${label}`, '#/org', 'form button');
    await signInOrganiser(bs, p);
    await shoot(p, `org-home-${label}`, '#/org/campaigns', '.card');
    await shoot(p, `org-campaign-${label}`, `#/org/c/${SLUG}`, 'h1');
    await shoot(p, `org-editor-${label}`, `#/org/c/${SLUG}/edit`, 'form button[type="submit"]');
    await shoot(p, `org-new-${label}`, '#/org/new', 'form button[type="submit"]');
    await shoot(p, `org-members-${label}`, '#/org/members', 'h1');
    await shoot(p, `org-tokens-${label}`, '#/org/tokens', 'h1');
  }
  console.log(`screenshots in ${shots}`);
} finally {
  await bs.stop();
}
