import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The page's unit tests sit beside its code, one file per feature folder (web/src/<feature>/*.test.ts).
    include: ['test/**/*.test.ts', 'web/**/*.test.ts'],
    // The browser tests start their own stack and Chromium: `npm run test:browser` (vitest.browser.config.ts);
    // the resilience suite kills engines and sends thousands of requests: `npm run test:resilience`.
    exclude: [...configDefaults.exclude, 'test/browser/**', 'test/resilience/**'],
    // One DynamoDB Local for the whole run: it takes seconds to start and its first seconds are slow.
    globalSetup: ['test/support/global-setup.ts'],
    // Each file gets its own process, so handlers read their configuration fresh, as in Lambda.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
