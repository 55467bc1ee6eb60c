/**
 * The pure parts of `npm run retention` (infra/local/retention.ts): reading its arguments and
 * wording its report. A preview unless `--apply` is given; `--apply` refuses a `--now` in the future.
 */
import type { RetentionProgress, RetentionReport } from '#jobs/retention.ts';

export type RetentionArgs = { mode: 'preview' | 'apply'; now?: Date } | { error: string };

export const RETENTION_USAGE =
  'Usage: npm run retention [-- --dry-run | --apply] [--now 2030-01-01T00:00:00Z]\n' +
  '  --dry-run  (the default) list what would be erased and change nothing; --now may be any day\n' +
  '  --apply    erase for real, as of now (or a --now that has already come)';

export function parseRetentionArgs(args: string[], realNow: Date): RetentionArgs {
  const known = new Set(['--dry-run', '--apply', '--now']);
  for (const [i, arg] of args.entries()) {
    if (args[i - 1] === '--now') continue;
    if (!known.has(arg)) return { error: `Unknown argument: ${arg}\n${RETENTION_USAGE}` };
  }
  if (args.includes('--apply') && args.includes('--dry-run')) return { error: `Choose --dry-run or --apply, not both.\n${RETENTION_USAGE}` };
  const mode = args.includes('--apply') ? 'apply' : 'preview';
  if (!args.includes('--now')) return { mode };
  const value = args[args.indexOf('--now') + 1];
  const now = value === undefined || value.startsWith('--') ? new Date(Number.NaN) : new Date(value);
  if (Number.isNaN(now.getTime())) return { error: `Not a date: ${value ?? '(none)'}. Use an ISO date, e.g. --now 2030-01-01T00:00:00Z` };
  if (mode === 'apply' && now.getTime() > realNow.getTime()) {
    return { error: `--apply erases as of a day that has come; ${now.toISOString()} is in the future. Preview it with --dry-run (the default).` };
  }
  return { mode, now };
}

const day = (iso: string) => iso.slice(0, 10);
const causes = { closed: 'closed by its organisers', delivered: 'delivered', deadline: 'deadline passed' } as const;

/** What the command prints: slugs, reasons and numbers only, never anything about a signer. */
export function describeRetention(report: RetentionReport): string[] {
  const preview = report.mode === 'preview';
  const lines = [
    preview
      ? `Preview as of ${report.now}: nothing was changed. ${report.checked} campaign(s) checked.`
      : `Applied at ${report.ranAt}. ${report.checked} campaign(s) checked.`,
  ];
  if (report.campaigns.length === 0) lines.push(preview ? 'No campaign would be past its retention period; nothing would be erased.' : 'No campaign is past its retention period; nothing erased.');
  for (const c of report.campaigns) {
    const why = `${causes[c.reason.cause]} ${day(c.reason.closedSince)}, kept ${c.reason.retentionDays} days, due since ${day(c.reason.dueAt)}`;
    const what = `${c.signatures} signature(s)' personal data, ${c.submissions} submission(s) (${c.pending} pending)`;
    lines.push(`${c.slug}: ${why}. ${preview ? 'Would erase' : 'Erased'} ${what}; counts kept.`);
  }
  for (const open of report.stillOpen) {
    const deadline = open.deadline ? `its deadline ${day(open.deadline)} has not passed yet` : 'it is open';
    lines.push(`${open.slug}: left alone, ${deadline}; as of ${day(report.now)} it would be due since ${day(open.dueAt)} if it closes as planned.`);
  }
  if (preview) lines.push('To erase for real: npm run retention -- --apply');
  return lines;
}

/** A progress line, written over itself on a terminal. */
export function describeProgress(p: RetentionProgress): string {
  return p.done ? `${p.slug}: ${p.items} item(s) read, done.` : `${p.slug}: ${p.items} item(s) read…`;
}
