/**
 * Builds the static web page: bundles web/src/app/main.ts into app.js and web/src/embed/embed.ts (the
 * embeddable widget's page) into embed.js, sharing chunks, builds the widget snippet
 * (web/src/embed/widget.ts) into a classic /widget.js, joins each feature folder's styles.css into one
 * minified styles.css (STYLESHEETS, in cascade order), and copies index.html, embed.html and
 * web/public/* next to them. Paths are resolved from this file, not the cwd, so the
 * CDK stack and the local server can call buildWeb() from anywhere.
 *
 * The anti-spam widget (altcha, "external" build) comes from node_modules, never a CDN: its
 * stylesheet is put in front of ours in styles.css and its proof-of-work worker is copied as a file
 * of our own, so the page needs no inline styles and no blob: workers (see infra/security-headers.ts).
 *
 *   tsx web/build.ts [outdir]     (default: web/dist)
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { slugBlocksPlugin } from './any-ascii-blocks.ts';
import { writeLocaleData } from './locale-data.ts';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** The widget's files, resolved through the package's exports like any import. */
const altchaCss = fileURLToPath(import.meta.resolve('altcha/altcha.css'));
const altchaWorker = fileURLToPath(import.meta.resolve('altcha/workers/pbkdf2'));
/** The dashboard chart's stylesheet (uPlot is bundled into a chunk loaded only on organiser pages). */
const uplotCss = fileURLToPath(import.meta.resolve('uplot/dist/uPlot.min.css'));
const ALTCHA_WORKER_FILE = 'altcha-pbkdf2.js';

/**
 * Each feature folder of web/src keeps its own stylesheet; the page gets one. They are joined in this
 * order, which is the cascade order: base first (colours, type, layout), shared UI parts next, then
 * the public features, the organiser's (its shell first), the widget's page, and print last so it
 * wins over every `display` above. A rule that overrides another of the same specificity must come in
 * a later file; media rules for larger screens sit at the end of their feature's file.
 */
const STYLESHEETS = [
  'app/styles.css',
  'ui/styles.css',
  'campaigns/styles.css',
  'campaign/styles.css',
  'signing/styles.css',
  'privacy/styles.css',
  'sharing/styles.css',
  'organisation/styles.css',
  'organiser/shell/styles.css',
  'organiser/editor/styles.css',
  'organiser/campaign/styles.css',
  'organiser/cosigning/styles.css',
  'organiser/dashboard/styles.css',
  'organiser/exports/styles.css',
  'organiser/members/styles.css',
  'organiser/profile/styles.css',
  'embed/styles.css',
  'app/print.css',
];

/**
 * Georgian and Armenian faces, served from our own origin as a fallback: phones and desktops without
 * such a font would otherwise show empty boxes. `local()` first, and `unicode-range` so a browser
 * downloads one only when the page has letters of that script and no local font has them.
 */
const require = createRequire(import.meta.url);
const scriptFonts = [
  { family: 'Noto Sans Georgian', pkg: 'noto-sans-georgian', subset: 'georgian', range: 'U+0589,U+10A0-10FF,U+1C90-1CBA,U+1CBD-1CBF,U+205A,U+2D00-2D2F,U+2E31' },
  { family: 'Noto Sans Armenian', pkg: 'noto-sans-armenian', subset: 'armenian', range: 'U+0308,U+0530-058F,U+2010,U+2024,U+25CC,U+FB13-FB17' },
].flatMap((font) =>
  [400, 700].map((weight) => ({ ...font, weight, file: `${font.pkg}-${font.subset}-${weight}-normal.woff2` })),
);

async function copyScriptFonts(out: string): Promise<string> {
  await mkdir(join(out, 'fonts'), { recursive: true });
  const rules: string[] = [];
  for (const font of scriptFonts) {
    const data = await readFile(require.resolve(`@fontsource/${font.pkg}/files/${font.file}`));
    await writeFile(join(out, 'fonts', font.file), data);
    rules.push(
      `@font-face{font-family:"${font.family}";font-style:normal;font-weight:${font.weight};font-display:swap;` +
        `src:local("${font.family}${font.weight === 700 ? ' Bold' : ''}"),url(fonts/${font.file}?v=${shortHash(data)}) format("woff2");unicode-range:${font.range}}`,
    );
  }
  return rules.join('\n');
}

export async function buildWeb(outdir: string): Promise<void> {
  const out = resolve(outdir);
  await mkdir(out, { recursive: true });
  // Country names and number symbols from this Node's ICU, so the page never relies on the browser's.
  if (await writeLocaleData()) console.warn('web: functions/rules/locale-data/ was regenerated from this Node’s ICU; commit it.');

  // The worker is loaded by URL at run time: version it by content like app.js, since every file but
  // index.html may be cached for days.
  const worker = await readFile(altchaWorker);
  await writeFile(join(out, ALTCHA_WORKER_FILE), worker);

  const result = await build({
    entryPoints: { app: join(webDir, 'src', 'app', 'main.ts'), embed: join(webDir, 'src', 'embed', 'embed.ts') },
    metafile: true,
    outdir: out,
    // The widget is imported only where a sign form is shown; splitting puts it in its own chunk
    // (named by content hash, so it may be cached like app.js) and keeps every other page light.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    absWorkingDir: webDir,
    plugins: [slugBlocksPlugin()],
    // From the root: the worker is started from pages at /c/<slug> too.
    define: { __ALTCHA_WORKER_URL__: JSON.stringify(`/${ALTCHA_WORKER_FILE}?v=${shortHash(worker)}`) },
  });

  // One stylesheet: the widget's and the chart's rules first, so ours (which set their CSS variables
  // and colours) win, then the features' in STYLESHEETS order. The chart's rules are small; a second
  // stylesheet would cost a request. Minified: comments and spacing are most of the source's bytes.
  const sources = [`${await copyScriptFonts(out)}\n`, await readFile(altchaCss, 'utf8'), await readFile(uplotCss, 'utf8')];
  await checkStylesheetList();
  for (const sheet of STYLESHEETS) sources.push(await readFile(join(webDir, 'src', sheet), 'utf8'));
  const css = await transform(sources.join('\n'), { loader: 'css', minify: true, logLevel: 'warning' });
  const styles = Buffer.from(css.code);
  await writeFile(join(out, 'styles.css'), styles);

  // Version the asset URLs in index.html (and embed.html) by content, so app.js and styles.css can
  // be cached for long while the pages themselves are served with no-cache.
  for (const [page, script] of [['index.html', 'app.js'], ['embed.html', 'embed.js']] as const) {
    const code = await readFile(join(out, script));
    const source = await readFile(join(webDir, page), 'utf8');
    // index.html names its files from the root (`/app.js`): it is also the shell of every campaign
    // page, served at /c/<slug>, where a relative `app.js` would be looked for under /c/.
    const root = source.includes(`src="/${script}"`) ? '/' : '';
    // The entry statically imports the chunks it shares with the lazily loaded pages: announce them
    // in the head, so a slow connection fetches them at once instead of one after the other.
    const preloads = Object.entries(result.metafile.outputs)
      .find(([file]) => file.endsWith(`/${script}`) || file === script)?.[1]
      .imports.filter((i) => i.kind === 'import-statement')
      .map((i) => `<link rel="modulepreload" href="${root}${relative(out, resolve(webDir, i.path)).split('\\').join('/')}">`) ?? [];
    const html = source
      .replace(`src="${root}${script}"`, `src="${root}${script}?v=${shortHash(code)}"`)
      .replace('<script type="module"', `${preloads.map((l) => `${l}\n  `).join('')}<script type="module"`)
      .replace(/href="(\/?)styles\.css"/, (_, slash: string) => `href="${slash}styles.css?v=${shortHash(styles)}"`);
    await writeFile(join(out, page), html);
  }

  // The snippet runs on other sites, loaded by a fixed URL: one small classic script, no chunks.
  await build({
    entryPoints: [join(webDir, 'src', 'embed', 'widget.ts')],
    outfile: join(out, 'widget.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    absWorkingDir: webDir,
  });

  const publicDir = join(webDir, 'public');
  if (await exists(publicDir)) await cp(publicDir, out, { recursive: true });
}

/** A stylesheet left out of STYLESHEETS would silently not ship: fail the build instead. */
async function checkStylesheetList(): Promise<void> {
  const found = (await readdir(join(webDir, 'src'), { recursive: true })).filter((f) => f.endsWith('.css')).map((f) => f.split('\\').join('/'));
  const missing = found.filter((f) => !STYLESHEETS.includes(f));
  if (missing.length > 0) throw new Error(`web/src has stylesheets not joined by web/build.ts (STYLESHEETS): ${missing.join(', ')}`);
}

function shortHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = resolve(process.argv[2] ?? join(webDir, 'dist'));
  try {
    await buildWeb(outdir);
    const size = (await stat(join(outdir, 'app.js'))).size;
    console.log(`web: built ${outdir} (app.js ${(size / 1024).toFixed(1)} KiB)`);
  } catch (err) {
    console.error('web: build failed:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
