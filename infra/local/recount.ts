/**
 * `npm run recount -- <slug> [--fix]`: recomputes a campaign's count from its signatures and reports
 * drift. Locally it finds the engine through .local/endpoints.json (start the stack first); against
 * AWS, set PETITIONS_TABLE and SIGNATURES_TABLE and the usual AWS credentials instead.
 */
import { useLocalEngines } from './cli-env.ts';

const args = process.argv.slice(2);
const slug = args.find((a) => !a.startsWith('--'));
if (!slug) {
  console.error('Usage: npm run recount -- <slug> [--fix]');
  process.exit(2);
}

await useLocalEngines();

const { recount } = await import('#jobs/recount.ts');
try {
  const report = await recount(slug, { fix: args.includes('--fix') });
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
  console.log(`${report.slug}: counted ${report.counted}, stored ${report.stored}, drift ${signed(report.drift)}; pending ${report.pending}, drift ${signed(report.pendingDrift)}`);
  if (Object.keys(report.countryDrift).length) console.log(`country drift: ${JSON.stringify(report.countryDrift)}`);
  if (report.fixed) console.log('The counter was corrected.');
  else if (report.drift !== 0 || report.pendingDrift !== 0) console.log('Run again with --fix to correct the counter (once the stream has caught up).');
  const clean = report.drift === 0 && report.pendingDrift === 0 && Object.keys(report.countryDrift).length === 0;
  process.exit(clean || report.fixed ? 0 : 1);
} catch (error) {
  console.error(`Recount failed: ${(error as Error).message}`);
  process.exit(1);
}
