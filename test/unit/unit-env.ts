/**
 * The configuration unit-tested handlers read at import. Import this module before importing any
 * handler (handlers are imported with `await import()` after it, so the order is guaranteed).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A throwaway master key for the local key provider (the KMS path has its own tests).
const keyFile = join(mkdtempSync(join(tmpdir(), 'undersigned-unit-')), 'data.key');
writeFileSync(keyFile, randomBytes(32).toString('base64url'), { mode: 0o600 });

export const unitEnv = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST',
  AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
  PETITIONS_TABLE: 'unit-petitions',
  SIGNATURES_TABLE: 'unit-signatures',
  SIGNALS_TABLE: 'unit-signals',
  ORGANISATIONS_TABLE: 'unit-organisations',
  JOBS_TABLE: 'unit-jobs',
  EXPORTS_BUCKET: 'unit-exports',
  HASH_KEY: 'unit-test-hash-key-0123456789abcdef0123456789',
  SESSION_KEY: 'unit-test-session-key-0123456789abcdef0123456789',
  DATA_KEY_FILE: keyFile,
  MAIL_FROM: 'Undersigned <no-reply@undersigned.test>',
  SITE_URL: 'https://undersigned.test',
  CONFIRM_TTL_DAYS: '7',
  CHALLENGE_COST: '1',
};

Object.assign(process.env, unitEnv);
delete process.env.DATA_KEY_ID;
