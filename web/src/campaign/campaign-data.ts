/**
 * A public campaign as the API sends it, read defensively (a bad response must not crash the page):
 * the list's summaries, the campaign, its count, co-signers, delivery and public signers. Pure.
 */
import { isRecord } from '../app/records.ts';
import { DEFAULT_SIGNER_FIELDS, DELIVERY_METHODS, type CampaignKind, type DeliveryMethod, type SignerFields } from '../../../functions/rules/limits.ts';

// The server's choices (functions/rules/limits.ts), for the page's menus and types.
export { DEFAULT_SIGNER_FIELDS, DELIVERY_METHODS, type DeliveryMethod, type SignerFields } from '../../../functions/rules/limits.ts';

export interface Target {
  name: string;
  office?: string;
}

/** "Name, Office" for one target; several targets are joined with "; ". */
export function formatTargets(targets: readonly Target[]): string {
  return targets.map((t) => (t.office ? `${t.name}, ${t.office}` : t.name)).join('; ');
}

export type Kind = CampaignKind;

export interface PublicCampaignSummary {
  slug: string;
  kind: Kind;
  title: string;
  targets: Target[];
  goal: number;
  count: number;
}

export type PublicStatus = 'open' | 'closed' | 'delivered';

export interface PublicCampaign extends PublicCampaignSummary {
  text: string;
  /** The text as HTML, made by the server from its markdown subset and sanitised there; absent on older campaigns. */
  textHtml?: string;
  status: PublicStatus;
  deadline?: string;
  asOf?: string;
  /** Whether the campaign shows a public list of signers who chose to appear on it. */
  publicSigners: boolean;
  /** Which optional fields the sign form shows; the defaults (country required, comment optional) when absent. */
  signerFields: SignerFields;
  /** Organisations that co-sign, shown apart from individual signatures. */
  cosigners: Cosigner[];
  delivery?: Delivery;
  /** The language title and text are shown in (a translation, or the original). */
  language?: string;
  /** The language the organisers wrote it in; differs from `language` when a translation is shown. */
  originalLanguage?: string;
  /** Every language it can be read in, the original first. */
  languages: string[];
  /** Which text version is shown; sent back when signing. */
  version?: number;
}


export interface Cosigner {
  name: string;
  /** ISO code, or '' when unknown. */
  country: string;
  website?: string;
}


export interface Delivery {
  /** `YYYY-MM-DD`. */
  deliveredOn: string;
  to: string;
  method: DeliveryMethod;
  note?: string;
}

export interface CountReading {
  /** Confirmed signatures: the number that counts. */
  count: number;
  asOf?: string;
}

function nonNegative(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

export function parseTargets(v: unknown): Target[] {
  if (!Array.isArray(v)) return [];
  const out: Target[] = [];
  for (const t of v) {
    if (!isRecord(t) || typeof t.name !== 'string' || t.name.trim() === '') continue;
    const target: Target = { name: t.name };
    if (typeof t.office === 'string' && t.office.trim() !== '') target.office = t.office;
    out.push(target);
  }
  return out;
}

export function parseSummary(v: unknown): PublicCampaignSummary | null {
  if (!isRecord(v) || typeof v.slug !== 'string' || v.slug === '' || typeof v.title !== 'string') return null;
  return {
    slug: v.slug,
    kind: v.kind === 'letter' ? 'letter' : 'petition',
    title: v.title,
    targets: parseTargets(v.targets),
    goal: nonNegative(v.goal),
    count: nonNegative(v.count),
  };
}

/** `{ items: [...] }` → the valid summaries; null when the body is not a list at all. */
export function parseList(v: unknown): PublicCampaignSummary[] | null {
  if (!isRecord(v) || !Array.isArray(v.items)) return null;
  return v.items.map(parseSummary).filter((s): s is PublicCampaignSummary => s !== null);
}

export function parsePublicCampaign(v: unknown): PublicCampaign | null {
  const summary = parseSummary(v);
  if (!summary || !isRecord(v)) return null;
  const petition: PublicCampaign = {
    ...summary,
    text: typeof v.text === 'string' ? v.text : '',
    status: v.status === 'closed' || v.status === 'delivered' ? v.status : 'open',
    publicSigners: v.publicSigners === true,
    signerFields: parseSignerFields(v.signerFields),
    cosigners: parseCosigners(v.cosigners),
    languages: Array.isArray(v.languages) ? v.languages.filter((l): l is string => typeof l === 'string' && /^[a-z]{2}$/.test(l)) : [],
  };
  if (typeof v.textHtml === 'string' && v.textHtml.trim() !== '') petition.textHtml = v.textHtml;
  if (typeof v.deadline === 'string' && !Number.isNaN(Date.parse(v.deadline))) petition.deadline = v.deadline;
  if (typeof v.asOf === 'string') petition.asOf = v.asOf;
  const delivery = parseDelivery(v.delivery);
  if (delivery) petition.delivery = delivery;
  if (typeof v.language === 'string') petition.language = v.language;
  if (typeof v.originalLanguage === 'string') petition.originalLanguage = v.originalLanguage;
  if (typeof v.version === 'number' && Number.isInteger(v.version) && v.version > 0) petition.version = v.version;
  return petition;
}

export function parseSignerFields(v: unknown): SignerFields {
  const fields = { ...DEFAULT_SIGNER_FIELDS };
  if (!isRecord(v)) return fields;
  if (v.country === 'required' || v.country === 'optional' || v.country === 'off') fields.country = v.country;
  if (v.comment === 'optional' || v.comment === 'off') fields.comment = v.comment;
  return fields;
}

export function isCountryCode(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Z]{2}$/.test(v);
}

/** Only http(s) links are ever made clickable: a `javascript:` website must not become a link. */
export function safeWebsite(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const url = new URL(v.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function parseCosigners(v: unknown): Cosigner[] {
  if (!Array.isArray(v)) return [];
  const out: Cosigner[] = [];
  for (const c of v) {
    if (!isRecord(c) || typeof c.name !== 'string' || c.name.trim() === '') continue;
    const cosigner: Cosigner = { name: c.name.trim(), country: isCountryCode(c.country) ? c.country : '' };
    const website = safeWebsite(c.website);
    if (website) cosigner.website = website;
    out.push(cosigner);
  }
  return out;
}

export function parseDelivery(v: unknown): Delivery | undefined {
  if (!isRecord(v) || typeof v.deliveredOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.deliveredOn) || typeof v.to !== 'string') return undefined;
  const method = (DELIVERY_METHODS as readonly string[]).includes(v.method as string) ? (v.method as DeliveryMethod) : 'other';
  const delivery: Delivery = { deliveredOn: v.deliveredOn, to: v.to, method };
  if (typeof v.note === 'string' && v.note.trim() !== '') delivery.note = v.note.trim();
  return delivery;
}

export function parseCount(v: unknown): CountReading | null {
  if (!isRecord(v) || typeof v.count !== 'number' || !Number.isFinite(v.count) || v.count < 0) return null;
  const reading: CountReading = { count: v.count };
  if (typeof v.asOf === 'string') reading.asOf = v.asOf;
  return reading;
}

/** One entry of a campaign's public list: the label the server made ("Nadia K.") and an ISO country code. */
export interface PublicSigner {
  name: string;
  country: string;
}

/** The most a list answer is trusted to hold; the server sends at most 50. */
const MAX_PUBLIC_SIGNERS = 50;

/** `{ signers: [...] }` → the valid entries (at most 50); null when the body is not a list at all. */
export function parseSigners(v: unknown): PublicSigner[] | null {
  if (!isRecord(v) || !Array.isArray(v.signers)) return null;
  const out: PublicSigner[] = [];
  for (const s of v.signers) {
    if (!isRecord(s) || typeof s.name !== 'string' || s.name.trim() === '') continue;
    const country = typeof s.country === 'string' && /^[A-Z]{2}$/.test(s.country) ? s.country : '';
    out.push({ name: s.name.trim(), country });
    if (out.length === MAX_PUBLIC_SIGNERS) break;
  }
  return out;
}

/** "Nadia K. · Georgia"; just the name when the country is unknown. */
export function signerLine(signer: PublicSigner, countryName: (code: string) => string): string {
  return signer.country ? `${signer.name} · ${countryName(signer.country)}` : signer.name;
}
