/**
 * The page's types for the API's answers are the OpenAPI document's (web/src/app/contract.ts, from
 * functions/openapi/client-types.ts). These assertions keep it so: an answer the document promises
 * must fit the type each page module reads it as, so a module that drifts back to a shape of its own
 * fails `tsc --noEmit -p .` (in `npm test`). Type-checked only.
 */
import type { paths } from '#openapi/client-types.ts';
import type { CountReading, PublicCampaign, PublicCampaignSummary } from '../../web/src/campaign/campaign-data.ts';
import type { SignaturePreview } from '../../web/src/signing/mail-link-rules.ts';
import type { Campaign, CampaignSummary } from '../../web/src/organiser/shell/campaign-data.ts';

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** Compiles only when A fits B; `true` unless A is `never` (an answer the document does not describe). */
type Fits<A extends B, B> = [A] extends [never] ? false : true;
type Assert<T extends true> = T;

export type PageReadsTheContract = [
  Assert<Fits<Json<'/api/campaigns', 'get', 200>['items'][number], PublicCampaignSummary>>,
  Assert<Fits<Json<'/api/campaigns/{slug}', 'get', 200>, PublicCampaign>>,
  Assert<Fits<Json<'/api/campaigns/{slug}/count', 'get', 200>, CountReading>>,
  Assert<Fits<Json<'/api/campaigns/{slug}/signatures/{id}/preview', 'post', 200>, SignaturePreview>>,
  Assert<Fits<Json<'/api/org/campaigns', 'get', 200>['campaigns'][number], CampaignSummary>>,
  Assert<Fits<Json<'/api/org/campaigns/{slug}', 'get', 200>, Campaign>>,
];
