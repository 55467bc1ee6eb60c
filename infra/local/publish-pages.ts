/**
 * `npm run pages:publish [-- <slug>]`: publishes campaign pages (/c/<slug>) again, every campaign's or
 * one's, from the page shell in the site bucket, as the petitions table's stream consumer does on a
 * change (functions/usecases/publish-pages.ts), and stores their texts' HTML renderings, which the
 * public routes show. For campaigns stored before pages (or renderings) existed, after a deploy that
 * changed the page (new shell: app.js and styles.css hashes), and after one that raised the
 * renderer's RENDER_RULES (until then their texts are shown plain). A draft gets no page.
 *
 * Locally it finds the engines through .local/endpoints.json (start the stack first; `npm start` does
 * this itself). Against AWS set PETITIONS_TABLE, SITE_BUCKET (the site bucket's name) and SITE_URL
 * (the stack's SiteUrl output) and the usual AWS credentials.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useLocalEngines } from './cli-env.ts';

const slug = process.argv.slice(2).find((a) => !a.startsWith('--'));

await useLocalEngines();
const endpointsFile = join(fileURLToPath(new URL('../..', import.meta.url)), '.local', 'endpoints.json');
if (!process.env.SITE_URL && existsSync(endpointsFile)) process.env.SITE_URL = JSON.parse(readFileSync(endpointsFile, 'utf8')).app;
for (const name of ['PETITIONS_TABLE', 'SITE_BUCKET', 'SITE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: start the local stack (npm start), or set PETITIONS_TABLE, SITE_BUCKET and SITE_URL for AWS.`);
    process.exit(2);
  }
}

const { publishCampaignPages, republishAll } = await import('#usecases/publish-pages.ts');
try {
  const siteUrl = process.env.SITE_URL!;
  if (slug) console.log(`${slug}: ${await publishCampaignPages(slug, { siteUrl })}`);
  else console.log(`${await republishAll(siteUrl, (each, result) => console.log(`${each}: ${result}`))} campaign(s).`);
} catch (error) {
  console.error(`Publishing failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
}
