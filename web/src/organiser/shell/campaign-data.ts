/**
 * An organiser's campaign as the API sends it (list, campaign, translations), read defensively.
 * Pure: shared by the home page, the editor, the campaign page and translations.
 */
import { count, isRecord, str } from '../../app/records.ts';
import { type Cosigner, type Delivery, type Kind, parseCosigners, parseDelivery, parseSignerFields, type SignerFields } from '../../campaign/campaign-data.ts';
import { orgCampaignApiPath } from './api-paths.ts';

import { CAMPAIGN_STATUSES, RETENTION_DAYS, type CampaignStatus } from '../../../../functions/rules/limits.ts';

// The server's statuses and retention default (functions/rules/limits.ts).
export { CAMPAIGN_STATUSES, type CampaignStatus } from '../../../../functions/rules/limits.ts';

function isStatus(v: unknown): v is CampaignStatus {
  return typeof v === 'string' && (CAMPAIGN_STATUSES as readonly string[]).includes(v);
}

export interface CampaignSummary {
  slug: string;
  kind: Kind;
  title: string;
  status: CampaignStatus;
  count: number;
  pending: number;
  goal: number;
  createdAt?: string;
}

function parseCampaignSummary(v: unknown): CampaignSummary | null {
  if (!isRecord(v) || typeof v.slug !== 'string' || v.slug === '' || typeof v.title !== 'string') return null;
  const s: CampaignSummary = {
    slug: v.slug,
    kind: v.kind === 'letter' ? 'letter' : 'petition',
    title: v.title,
    status: isStatus(v.status) ? v.status : 'draft',
    count: count(v.count),
    pending: count(v.pending),
    goal: count(v.goal),
  };
  const createdAt = str(v.createdAt);
  if (createdAt) s.createdAt = createdAt;
  return s;
}

/** `{ campaigns: [...] }` → the valid ones; null when the body is not a list at all. */
export function parseCampaignList(v: unknown): CampaignSummary[] | null {
  if (!isRecord(v) || !Array.isArray(v.campaigns)) return null;
  return v.campaigns.map(parseCampaignSummary).filter((c): c is CampaignSummary => c !== null);
}

export interface OrgTarget {
  name: string;
  office?: string;
  email?: string;
}

export interface OrgCosigner extends Cosigner {
  id?: string;
  signedAt?: string;
}

export interface Campaign extends CampaignSummary {
  text: string;
  textHtml?: string;
  targets: OrgTarget[];
  deadline?: string;
  publicSigners: boolean;
  retentionDays: number;
  signerFields: SignerFields;
  version: number;
  versions: { version: number; savedAt: string }[];
  cosigners: OrgCosigner[];
  delivery?: Delivery;
  /** The original's language code ('en' for campaigns from before languages). */
  language: string;
  /** Translations of title and text by language; `sourceVersion` is the original's version they were made from. */
  translations: Record<string, CampaignTranslation>;
}

export interface CampaignTranslation {
  title: string;
  text: string;
  sourceVersion: number;
}

export function parseTranslations(v: unknown): Record<string, CampaignTranslation> {
  const out: Record<string, CampaignTranslation> = {};
  if (!isRecord(v)) return out;
  for (const [lang, t] of Object.entries(v)) {
    if (!/^[a-z]{2}$/.test(lang) || !isRecord(t) || typeof t.title !== 'string' || typeof t.text !== 'string') continue;
    out[lang] = { title: t.title, text: t.text, sourceVersion: typeof t.sourceVersion === 'number' ? t.sourceVersion : 1 };
  }
  return out;
}

export function orgTranslationApiPath(slug: string, lang: string): string {
  return `${orgCampaignApiPath(slug)}/translations/${encodeURIComponent(lang)}`;
}

export const DEFAULT_RETENTION_DAYS = RETENTION_DAYS.default;

export function parseCampaign(v: unknown): Campaign | null {
  const summary = parseCampaignSummary(v);
  if (!summary || !isRecord(v)) return null;
  const targets: OrgTarget[] = [];
  if (Array.isArray(v.targets)) {
    for (const t of v.targets) {
      if (!isRecord(t) || typeof t.name !== 'string') continue;
      const target: OrgTarget = { name: t.name };
      if (typeof t.office === 'string' && t.office !== '') target.office = t.office;
      if (typeof t.email === 'string' && t.email !== '') target.email = t.email;
      targets.push(target);
    }
  }
  const versions: Campaign['versions'] = [];
  if (Array.isArray(v.versions)) {
    for (const x of v.versions) {
      if (isRecord(x) && typeof x.version === 'number' && typeof x.savedAt === 'string') versions.push({ version: x.version, savedAt: x.savedAt });
    }
  }
  // The co-signer parser of the public page, plus what only organisers see.
  const cosigners: OrgCosigner[] = [];
  for (const raw of Array.isArray(v.cosigners) ? v.cosigners : []) {
    const [c] = parseCosigners([raw]);
    if (!c || !isRecord(raw)) continue;
    const out: OrgCosigner = { ...c };
    const id = str(raw.id);
    const signedAt = str(raw.signedAt);
    if (id) out.id = id;
    if (signedAt) out.signedAt = signedAt;
    cosigners.push(out);
  }
  const campaign: Campaign = {
    ...summary,
    text: typeof v.text === 'string' ? v.text : '',
    targets,
    publicSigners: v.publicSigners === true,
    retentionDays: typeof v.retentionDays === 'number' && v.retentionDays > 0 ? v.retentionDays : DEFAULT_RETENTION_DAYS,
    signerFields: parseSignerFields(v.signerFields),
    version: typeof v.version === 'number' && v.version > 0 ? v.version : 1,
    versions,
    cosigners,
    language: typeof v.language === 'string' ? v.language : 'en',
    translations: parseTranslations(v.translations),
  };
  const textHtml = str(v.textHtml);
  if (textHtml) campaign.textHtml = textHtml;
  const deadline = str(v.deadline);
  if (deadline && !Number.isNaN(Date.parse(deadline))) campaign.deadline = deadline;
  const delivery = parseDelivery(v.delivery);
  if (delivery) campaign.delivery = delivery;
  return campaign;
}
