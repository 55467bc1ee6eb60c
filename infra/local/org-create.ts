/**
 * `npm run org:create -- --email you@example.org [--name "Our organisation"]`: a new organisation
 * with this address as its first owner, then sign in on the page with that address. Locally it finds
 * the engine through .local/endpoints.json (start the stack first); against AWS, set
 * ORGANISATIONS_TABLE and the usual AWS credentials instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { repoRoot } from '../constructs/repo-root.ts';
import { useLocalEngines } from './cli-env.ts';

const usage = 'Usage: npm run org:create -- --email you@example.org [--name "Our organisation"]';

let values: { email?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const email = z.email().safeParse(values.email?.trim());
if (!email.success) {
  console.error(`${values.email ? `"${values.email}" is not an email address.` : 'The owner\'s --email is missing.'}\n${usage}`);
  process.exit(2);
}
// The rule for every stored string (#rules/text-schema.ts): the name is printed on dossiers and mails.
const { text } = await import('#rules/text-schema.ts');
const named = text({ max: 200, collapse: true }).safeParse(values.name ?? 'My organisation');
if (!named.success) {
  console.error(`--name must be 1–200 characters of plain text (no control, direction-override or broken characters).\n${usage}`);
  process.exit(2);
}
const name = named.data;

await useLocalEngines();
if (!process.env.ORGANISATIONS_TABLE) {
  console.error('No local stack found: run `npm start` in another terminal first (or set ORGANISATIONS_TABLE for AWS).');
  process.exit(1);
}

const [{ createOrganisation }, { newOrganisationId }] = await Promise.all([
  import('#store/organisations.ts'),
  import('#rules/organisation.ts'),
]);
const orgId = newOrganisationId();
try {
  await createOrganisation({ orgId, name, createdAt: new Date().toISOString() }, email.data);
} catch (error) {
  console.error(`Could not create the organisation: ${(error as Error).message}`);
  process.exit(1);
}

const endpointsFile = join(repoRoot, '.local', 'endpoints.json');
const endpoints = existsSync(endpointsFile) ? JSON.parse(readFileSync(endpointsFile, 'utf8')) : {};
console.log(`Created "${name}" (id ${orgId}) with ${email.data} as its owner.`);
if (endpoints.app) {
  console.log(`Sign in at ${endpoints.app}/#/org with that address; the sign-in mail arrives in ${endpoints.mailbox}/`);
}
