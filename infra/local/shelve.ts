/**
 * `npm run shelve`: puts campaigns stored before issue #17 where the public list finds them, once:
 * closed and delivered campaigns on the archive shelf (`listStatus = archive`) and translated titles
 * on META (what the search reads). Reads every campaign (one Scan of META items); writes only what is
 * missing, conditional on the status being as read, and touches nothing else; running it again
 * writes nothing. Locally it finds the engine through .local/endpoints.json (start the stack first);
 * against AWS, set PETITIONS_TABLE and the usual AWS credentials instead.
 */
import { useLocalEngines } from './cli-env.ts';

await useLocalEngines();
const { allCampaigns, shelveCampaign } = await import('#store/campaigns.ts');
let read = 0;
let written = 0;
for await (const campaign of allCampaigns()) {
  read++;
  if (await shelveCampaign(campaign)) written++;
}
console.log(`Read ${read} campaigns; put ${written} on their shelf or gave them their translated titles.`);
