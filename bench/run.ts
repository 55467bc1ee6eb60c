/**
 * `npm run bench [-- --quick] [-- --only <name>]`: runs each scenario in order, prints one markdown
 * table (the README takes it as it is) and writes everything to bench/results.json (not in git).
 *
 * A speed figure shows min / median / max over its repetitions and, where the scenario measured a
 * baseline in the same run, the ratio of the medians: these machines are noisy, ratios much less so.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { capacity } from './scenarios/capacity.ts';
import { coldStart } from './scenarios/cold-start.ts';
import { csvExport, dossier, freshness, signPath } from './scenarios/scripts.ts';
import { centre, type Row, type Scenario, type ScenarioResult } from './scenarios/types.ts';

const scenarios: Scenario[] = [signPath, freshness, csvExport, dossier, coldStart, capacity];

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const log = (message: string) => process.stderr.write(`${message}\n`);

function number(value: number): string {
  if (value >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en');
  if (value >= 10) return value.toFixed(1);
  // Small rates (calls per signature) would read as 0.00.
  if (value > 0 && value < 0.01) return value.toPrecision(2);
  return value.toFixed(2);
}

function figure(row: Row): string {
  const { value } = row;
  if (!('values' in value)) return `${number(value.value)} ${value.unit}`;
  const sorted = [...value.values].sort((a, b) => a - b);
  return `${number(sorted[0]!)} / ${number(centre(value))} / ${number(sorted[sorted.length - 1]!)} ${value.unit}`;
}

function ratio(row: Row): string {
  if (!row.baseline) return '';
  const base = centre(row.baseline);
  return base === 0 ? '' : `${(centre(row.value) / base).toFixed(2)}×`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

// `--only cold-start` and `--only "cold start"` both pick the cold start scenario; a name that picks
// nothing is an error rather than an empty table.
const picked = (scenario: Scenario) =>
  !args.only || scenario.name.includes(args.only) || scenario.name.replace(/ /g, '-').includes(args.only);
if (!scenarios.some(picked)) {
  log(`--only ${args.only}: no such scenario (${scenarios.map((scenario) => scenario.name).join(', ')})`);
  process.exit(2);
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
const startedAt = new Date();
const results: ScenarioResult[] = [];
const failures: { name: string; error: string }[] = [];
for (const scenario of scenarios) {
  if (!picked(scenario)) continue;
  const started = performance.now();
  try {
    results.push(await scenario.run({ quick: args.quick, log }));
    log(`${scenario.name}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    // One broken scenario should not cost the others' figures.
    failures.push({ name: scenario.name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    log(`${scenario.name}: FAILED\n${failures.at(-1)!.error}`);
  }
}

const lines = [
  `Benchmarks${args.quick ? ' (quick)' : ''}, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}`,
  '',
  '| Scenario | Measure | Value (min / median / max) | × baseline | Goal | Result |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const result of results) {
  for (const row of result.rows) {
    const verdict = row.pass === undefined ? '' : row.pass ? 'pass' : '**miss**';
    lines.push(`| ${[result.name, row.measure, figure(row), ratio(row), row.goal ?? '', verdict].map(cell).join(' | ')} |`);
  }
}
for (const failure of failures) lines.push(`| ${failure.name} | failed: ${cell(failure.error.split('\n')[0]!)} | | | | **miss** |`);
lines.push('');
for (const result of results) {
  lines.push(`Notes, ${result.name}:`, '', ...result.notes.map((note) => `- ${note}`), '');
}
console.log(lines.join('\n'));

const file = new URL('./results.json', import.meta.url);
writeFileSync(file, JSON.stringify({ startedAt: startedAt.toISOString(), quick: args.quick, machine, results, failures }, null, 2) + '\n');
log(`results written to bench/results.json`);
if (failures.length > 0) process.exitCode = 1;
