/**
 * Files, lines and import arrows per folder of web/src (tests and stylesheets counted apart), so the
 * shape of the page's code can be compared before and after a move (issue #15).
 *
 *   npx tsx web/tree-stats.ts [web/src]
 *
 * An arrow is one import (or re-export, or lazy import()) from a web/src module of another web/src
 * module; "in" arrows stay inside the folder, "out" arrows leave it. Imports of functions/ and of
 * packages are not arrows here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, 'src'));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const lineCount = (path: string): number => readFileSync(path, 'utf8').split('\n').length - 1;
const folderOf = (path: string): string => relative(root, dirname(path)) || '.';
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

type Row = { files: number; lines: number; tests: number; testLines: number; css: number; in: number; out: number };
const rows = new Map<string, Row>();
const row = (folder: string): Row => {
  let r = rows.get(folder);
  if (r === undefined) rows.set(folder, (r = { files: 0, lines: 0, tests: 0, testLines: 0, css: 0, in: 0, out: 0 }));
  return r;
};

for (const path of walk(root).sort()) {
  const r = row(folderOf(path));
  if (path.endsWith('.css')) {
    r.css += lineCount(path);
    continue;
  }
  if (!path.endsWith('.ts')) continue;
  if (path.endsWith('.test.ts')) {
    r.tests += 1;
    r.testLines += lineCount(path);
    continue;
  }
  r.files += 1;
  r.lines += lineCount(path);
  for (const [, spec = ''] of readFileSync(path, 'utf8').matchAll(IMPORT)) {
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(path), spec);
    if (relative(root, target).startsWith('..')) continue;
    if (folderOf(target) === folderOf(path)) r.in += 1;
    else r.out += 1;
  }
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`${'folder'.padEnd(24)}${pad('files', 6)}${pad('lines', 7)}${pad('in', 5)}${pad('out', 5)}${pad('tests', 7)}${pad('t.lines', 8)}${pad('css', 6)}`);
const total: Row = { files: 0, lines: 0, tests: 0, testLines: 0, css: 0, in: 0, out: 0 };
for (const [folder, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  for (const k of Object.keys(total) as (keyof Row)[]) total[k] += r[k];
  console.log(`${folder.padEnd(24)}${pad(r.files, 6)}${pad(r.lines, 7)}${pad(r.in, 5)}${pad(r.out, 5)}${pad(r.tests, 7)}${pad(r.testLines, 8)}${pad(r.css, 6)}`);
}
console.log(`${'total'.padEnd(24)}${pad(total.files, 6)}${pad(total.lines, 7)}${pad(total.in, 5)}${pad(total.out, 5)}${pad(total.tests, 7)}${pad(total.testLines, 8)}${pad(total.css, 6)}`);
