/**
 * `npm run retention [-- --now 2030-01-01T00:00:00Z]`: runs the retention job once, as the daily
 * schedule does in AWS. Locally it finds the engine through .local/endpoints.json (start the stack
 * first); against AWS, set PETITIONS_TABLE, SIGNATURES_TABLE, JOBS_TABLE, EXPORTS_BUCKET and the
 * usual credentials instead (an erased campaign's export files are deleted too).
 * `--now` pretends it is a later date, to see what the job will erase and when.
 */
import { useLocalEngines } from './cli-env.ts';

const args = process.argv.slice(2);
const nowArg = args.includes('--now') ? args[args.indexOf('--now') + 1] : undefined;
const now = nowArg ? new Date(nowArg) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`Not a date: ${nowArg}. Use an ISO date, e.g. --now 2030-01-01T00:00:00Z`);
  process.exit(2);
}

await useLocalEngines();
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
try {
  const report = await eraseExpiredPersonalData(now);
  if (report.campaigns.length === 0) console.log('No campaign is past its retention period; nothing erased.');
  for (const c of report.campaigns) {
    console.log(`${c.slug}: erased personal data of ${c.erased} signature(s), deleted ${c.deleted} unconfirmed; counts kept.`);
  }
} catch (error) {
  console.error(`Retention failed: ${(error as Error).message}`);
  process.exit(1);
}
