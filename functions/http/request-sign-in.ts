/** POST /api/auth/link — mails a one-time sign-in link (or a "not a member" note): always 202. */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireEnv } from '#lib/config.ts';
import { signInRequestSchema } from '#domain/organisation-schema.ts';
import { requestSignIn } from '#domain/sign-in.ts';

const siteUrl = requireEnv('SITE_URL');

export const handler = httpHandler(async (event) => {
  const { email } = parseInput(signInRequestSchema, event.parsedBody);
  await requestSignIn(email, siteUrl, undefined, event.lang);
  return json(202, {});
});
