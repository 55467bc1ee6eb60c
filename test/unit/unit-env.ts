/**
 * The configuration unit-tested handlers read at import. Import this module before importing any
 * handler (handlers are imported with `await import()` after it, so the order is guaranteed).
 */
export const unitEnv = {
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST',
  AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  PETITIONS_TABLE: 'unit-petitions',
  SIGNATURES_TABLE: 'unit-signatures',
  HASH_KEY: 'unit-test-hash-key-0123456789abcdef0123456789',
  ORGANISER_TOKEN: 'unit-test-organiser-token-0123456789abcdef',
};

Object.assign(process.env, unitEnv);
