import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the pages in a real Chromium against the whole local stack. Each file
 * starts its own stack (DynamoDB Local, the SES fake, s3rver, the server) and browser, so files run
 * one after another: two stacks and two browsers at once would only make both slow.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
