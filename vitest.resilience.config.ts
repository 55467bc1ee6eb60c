import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm run test:resilience` (issue #7): thousands of generated malformed requests, races, crashes of
 * DynamoDB Local and the stream poller, faults of every AWS service. Slower than the unit and
 * integration tests, so kept out of the edit-test loop of `npm test`; CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Files that kill and restart engines must not compete for the two cores with each other.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
