/**
 * `npm run retention [-- --dry-run | --apply] [--now 2030-01-01T00:00:00Z]`: the retention job once.
 * By default a preview: it lists what would be erased (per campaign: slug, why, how many signatures
 * and submissions) and changes nothing, as of now or of any `--now`, e.g. a later day to see what the
 * daily job will erase and when. `--apply` erases for real, as the daily schedule does in AWS, and
 * refuses a `--now` in the future. Locally it finds the engine through .local/endpoints.json (start the
 * stack first); against AWS, set PETITIONS_TABLE, SIGNATURES_TABLE, JOBS_TABLE, EXPORTS_BUCKET and the
 * usual credentials instead (an erased campaign's export files are deleted too).
 */
import { useLocalEngines } from './cli-env.ts';
import { describeProgress, describeRetention, parseRetentionArgs } from './retention-cli.ts';

const parsed = parseRetentionArgs(process.argv.slice(2), new Date());
if ('error' in parsed) {
  console.error(parsed.error);
  process.exit(2);
}

await useLocalEngines();
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
const tty = process.stderr.isTTY;
try {
  const report = await eraseExpiredPersonalData({
    mode: parsed.mode,
    now: parsed.now,
    onProgress: (p) => process.stderr.write(tty ? `\r\x1b[K${describeProgress(p)}${p.done ? '\n' : ''}` : `${describeProgress(p)}\n`),
  });
  for (const line of describeRetention(report)) console.log(line);
} catch (error) {
  console.error(`Retention failed: ${(error as Error).message}`);
  process.exit(1);
}
