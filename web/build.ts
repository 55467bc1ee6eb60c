/**
 * Builds the static web page: bundles web/src/main.ts into app.js and copies index.html,
 * styles.css and web/public/* next to it. Paths are resolved from this file, not the cwd, so the
 * CDK stack and the local server can call buildWeb() from anywhere.
 *
 *   tsx web/build.ts [outdir]     (default: web/dist)
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export async function buildWeb(outdir: string): Promise<void> {
  const out = resolve(outdir);
  await mkdir(out, { recursive: true });

  await build({
    entryPoints: [join(webDir, 'src', 'main.ts')],
    outfile: join(out, 'app.js'),
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
  });

  const styles = await readFile(join(webDir, 'styles.css'));
  await writeFile(join(out, 'styles.css'), styles);

  // Version the asset URLs in index.html by content, so app.js and styles.css can be cached for
  // long while index.html itself is served with no-cache.
  const app = await readFile(join(out, 'app.js'));
  const html = (await readFile(join(webDir, 'index.html'), 'utf8'))
    .replace('src="app.js"', `src="app.js?v=${shortHash(app)}"`)
    .replace('href="styles.css"', `href="styles.css?v=${shortHash(styles)}"`);
  await writeFile(join(out, 'index.html'), html);

  const publicDir = join(webDir, 'public');
  if (await exists(publicDir)) await cp(publicDir, out, { recursive: true });
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
