/**
 * The context every synth in the tests starts from: cdk.json's feature flags, and deploy-time
 * settings a real deployment would pass with `-c` (infra/settings.ts refuses to synthesise without
 * them). `bundle: false` skips esbuild, which the template tests do not need.
 */
import { readFileSync } from 'node:fs';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> };

/** Deploy settings as an operator would give them (no placeholder domain, which the stack refuses). */
export const TEST_SETTINGS = {
  mailFrom: 'Undersigned <no-reply@petitions.undersigned-test.net>',
  alarmEmail: 'oncall@undersigned-test.net',
} as const;

export function synthContext(options: { bundle?: boolean; settings?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    ...cdkJson.context,
    ...TEST_SETTINGS,
    ...options.settings,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  };
}
