/**
 * Cold start of API handlers from two source trees, measured in alternation so both see the same load
 * (on a shared machine a before run and an after run minutes apart are not comparable):
 *
 *   mkdir -p /tmp/before && git archive <commit> functions package.json | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npx tsx bench/cold-start-pair.ts /tmp/before . sign get-public-campaign …
 *
 * Each handler (functions/http/<name>.ts) is bundled from each tree with the stack's esbuild options
 * (infra/constructs/api-function.ts), then imported in fresh `node` processes, before and after in
 * turn, 5 each (REPETITIONS=n for more). Prints a markdown table: bundle size and the median import +
 * init time. The environment is one set holding every setting any API function reads (bench/scenarios/cold-start.ts
 * gives each exactly the stack's instead), with secrets given as values.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const [beforeDir, afterDir, ...names] = process.argv.slice(2);
if (!beforeDir || !afterDir || names.length === 0) {
  process.stderr.write('usage: npx tsx bench/cold-start-pair.ts <before tree> <after tree> <function name>…\n');
  process.exit(2);
}
const trees = { before: resolve(beforeDir), after: resolve(afterDir) };
const REPETITIONS = Number(process.env.REPETITIONS ?? 5);

const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  PETITIONS_TABLE: 'bench-petitions',
  SIGNATURES_TABLE: 'bench-signatures',
  SIGNALS_TABLE: 'bench-signals',
  ORGANISATIONS_TABLE: 'bench-organisations',
  JOBS_TABLE: 'bench-jobs',
  HASH_KEY: 'bench-hash-key-0123456789abcdef0123',
  SESSION_KEY: 'bench-session-key-0123456789abcdef0123',
  DATA_KEY_ID: 'arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  MAIL_FROM: 'Undersigned <no-reply@example.org>',
  SITE_URL: 'https://undersigned.example.org',
  EXPORTS_BUCKET: 'bench-exports',
};
const importer = 'const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0));';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const outdir = mkdtempSync(join(tmpdir(), 'undersigned-cold-pair-'));
try {
  console.log('| Function | Bundle before → after | Init median before → after |\n| --- | --- | --- |');
  for (const name of names) {
    const files = { before: join(outdir, `before-${name}.mjs`), after: join(outdir, `after-${name}.mjs`) };
    for (const tree of ['before', 'after'] as const) {
      // A tree that has it bundles the SDK's credentials as the stack does (environment only).
      const credentials = join(trees[tree], 'functions', 'lib', 'lambda-credentials.ts');
      await build({
        ...(existsSync(credentials) ? { alias: { '@aws-sdk/credential-provider-node': credentials } } : {}),
        entryPoints: [join(trees[tree], 'functions', 'http', `${name}.ts`)],
        absWorkingDir: trees[tree],
        bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, charset: 'utf8',
        mainFields: ['module', 'main'], outfile: files[tree], logLevel: 'error',
        banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
      });
    }
    const times = { before: [] as number[], after: [] as number[] };
    for (let i = 0; i < REPETITIONS; i++) {
      for (const tree of ['before', 'after'] as const) {
        times[tree].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', importer, files[tree]], { env, cwd: outdir })));
      }
    }
    const kb = (file: string) => `${Math.round(statSync(file).size / 1024)} KB`;
    console.log(`| ${name} | ${kb(files.before)} → ${kb(files.after)} | ${median(times.before).toFixed(1)} → ${median(times.after).toFixed(1)} ms |`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
