/**
 * The import arrows of `functions/`: every `.ts` file's static imports, re-exports and dynamic
 * `import('…')` with a literal specifier, resolved to a path under `functions/` (through the
 * package.json `#` aliases or relative paths). Packages (`zod`, `@aws-sdk/…`, `node:…`) are kept by
 * name. Read by the architecture test and by the per-folder report:
 *
 *   npx tsx test/support/imports.ts [repo root]     # arrows per folder, and folder cycles
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ImportArrow {
  /** The importing file, relative to the repo root (`functions/usecases/signing.ts`). */
  from: string;
  /** The imported file relative to the repo root, or the package name for a package. */
  to: string;
  /** Whether `to` is a package rather than a file of the repo. */
  isPackage: boolean;
  /** `import type` / `export type`: erased at build time, no arrow at run time. */
  typeOnly: boolean;
  line: number;
}

const SPECIFIER = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

function aliasesOf(root: string): Array<[prefix: string, target: string]> {
  const imports = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports: Record<string, string> }).imports;
  return Object.entries(imports).map(([key, target]) => [key.replace(/\*$/, ''), target.replace(/\*$/, '').replace(/^\.\//, '')]);
}

/** Every import of every `functions/**\/*.ts` file. */
export function functionImports(root = fileURLToPath(new URL('../..', import.meta.url))): ImportArrow[] {
  const aliases = aliasesOf(root);
  const arrows: ImportArrow[] = [];
  for (const file of filesUnder(join(root, 'functions'))) {
    const from = relative(root, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[3] ?? match[4] ?? '';
      const typeOnly = match[2] !== undefined;
      const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
      const alias = aliases.find(([prefix]) => specifier === prefix || (prefix.endsWith('/') && specifier.startsWith(prefix)));
      if (alias) {
        arrows.push({ from, to: alias[1] + specifier.slice(alias[0].length), isPackage: false, typeOnly, line });
      } else if (specifier.startsWith('.')) {
        arrows.push({ from, to: posix.normalize(posix.join(posix.dirname(from), specifier)), isPackage: false, typeOnly, line });
      } else {
        arrows.push({ from, to: specifier, isPackage: true, typeOnly, line });
      }
    }
  }
  return arrows;
}

/** The folder of a file under `functions/` (`usecases`), or its name for a file at the top (`routes.ts`). */
export function folderOf(path: string): string {
  const [top = '', second = ''] = path.split('/');
  if (top !== 'functions') return top;
  return path.split('/').length > 2 ? second : second.replace(/\.ts$/, '');
}

/** Arrows between folders (run-time ones and type-only ones together), with how many imports each. */
export function folderArrows(arrows: ImportArrow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const arrow of arrows) {
    if (arrow.isPackage || !arrow.to.startsWith('functions/')) continue;
    const key = `${folderOf(arrow.from)} -> ${folderOf(arrow.to)}`;
    if (folderOf(arrow.from) !== folderOf(arrow.to)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Pairs of folders that import each other (the shortest cycles), e.g. `domain <-> store`. */
export function folderCycles(arrows: ImportArrow[]): string[] {
  const edges = new Set([...folderArrows(arrows).keys()]);
  const cycles: string[] = [];
  for (const edge of edges) {
    const [a = '', b = ''] = edge.split(' -> ');
    if (a < b && edges.has(`${b} -> ${a}`)) cycles.push(`${a} <-> ${b}`);
  }
  return cycles.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
  const arrows = functionImports(root);
  const byFolder = folderArrows(arrows);
  for (const key of [...byFolder.keys()].sort()) console.log(`${key.padEnd(24)} ${byFolder.get(key)}`);
  console.log(`folder arrows: ${byFolder.size}; imports across folders: ${[...byFolder.values()].reduce((a, b) => a + b, 0)}`);
  console.log(`two-way arrows: ${folderCycles(arrows).join(', ') || 'none'}`);
}
