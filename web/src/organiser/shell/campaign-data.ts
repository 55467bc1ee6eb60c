/**
 * An organiser's campaign as the API sends it (list, campaign, translations), typed from the OpenAPI
 * document (../../app/contract.ts). Pure: shared by the home page, the editor, the campaign page and
 * translations.
 */
import { RETENTION_DAYS } from '../../../../functions/rules/limits.ts';
import type { Answer } from '../../app/contract.ts';
import { isRecord } from '../../app/records.ts';
import { withSafeWebsites } from '../../campaign/campaign-data.ts';
import { orgCampaignApiPath } from './api-paths.ts';

// The server's statuses and retention default (functions/rules/limits.ts).
export { CAMPAIGN_STATUSES, type CampaignStatus } from '../../../../functions/rules/limits.ts';
export const DEFAULT_RETENTION_DAYS = RETENTION_DAYS.default;

// The shapes are the API's. The server's answers are held to the OpenAPI document by the tests
// (test/support/contract.ts checks every integration answer with ajv), so the page reads them as
// typed; the guards below only keep a non-object answer from throwing.

export type CampaignSummary = Answer<'list-campaigns'>['campaigns'][number];
export type Campaign = Answer<'get-campaign'>;
export type OrgTarget = Campaign['targets'][number];
export type OrgCosigner = Campaign['cosigners'][number];
export type CampaignTranslation = Campaign['translations'][string];

/** GET /api/org/campaigns: its campaigns; null when the answer is not a list at all. */
export function readCampaignList(body: unknown): CampaignSummary[] | null {
  return isRecord(body) && Array.isArray(body.campaigns) ? (body as Answer<'list-campaigns'>).campaigns : null;
}

/** Any route of the editor: the campaign, its co-signers' websites made safe to link. */
export function readCampaign(body: unknown): Campaign | null {
  if (!isRecord(body) || typeof body.slug !== 'string') return null;
  const campaign = body as Campaign;
  return { ...campaign, cosigners: withSafeWebsites(campaign.cosigners ?? []) };
}

export function orgTranslationApiPath(slug: string, lang: string): string {
  return `${orgCampaignApiPath(slug)}/translations/${encodeURIComponent(lang)}`;
}
