/**
 * A public campaign as the API sends it (typed from the OpenAPI document): the list's summaries, the
 * campaign, its count, co-signers, delivery and public signers. Pure.
 */
import { isRecord } from '../app/records.ts';
import type { CampaignKind } from '../../../functions/rules/limits.ts';
import type { Answer } from '../app/contract.ts';

// The server's choices (functions/rules/limits.ts), for the page's menus and types.
export { DEFAULT_SIGNER_FIELDS, DELIVERY_METHODS, type DeliveryMethod, type SignerFields } from '../../../functions/rules/limits.ts';

// The shapes are the API's (../app/contract.ts, from the OpenAPI document): the server's answers
// are held to that document by the tests (test/support/contract.ts checks every integration answer
// with ajv), so the page reads them as typed. What stays here are the guards that keep a non-object
// answer (a proxy's HTML error page) from throwing, and the rules the page keeps for itself.

export type PublicCampaignSummary = Answer<'list-public-campaigns'>['items'][number];
export type PublicCampaign = Answer<'get-public-campaign'>;
export type Target = PublicCampaign['targets'][number];
export type Kind = CampaignKind;
export type PublicStatus = PublicCampaign['status'];
export type Cosigner = PublicCampaign['cosigners'][number];
export type Delivery = NonNullable<PublicCampaign['delivery']>;
/** Confirmed signatures (the number that counts), and when they were counted. */
export type CountReading = Answer<'get-count'>;
/** One entry of a campaign's public list: the label the server made ("Nadia K.") and an ISO country code. */
export type PublicSigner = Answer<'list-signers'>['signers'][number];

/** "Name, Office" for one target; several targets are joined with "; ". */
export function formatTargets(targets: readonly { name: string; office?: string }[]): string {
  return targets.map((t) => (t.office ? `${t.name}, ${t.office}` : t.name)).join('; ');
}

/** GET /api/campaigns: its items; null when the answer is not a list at all. */
export function readList(body: unknown): PublicCampaignSummary[] | null {
  return isRecord(body) && Array.isArray(body.items) ? (body as Answer<'list-public-campaigns'>).items : null;
}

/** GET /api/campaigns/{slug}: the campaign, its co-signers' websites made safe to link, its image only if it is one of ours. */
export function readPublicCampaign(body: unknown): PublicCampaign | null {
  if (!isRecord(body) || typeof body.slug !== 'string') return null;
  const { image, ...campaign } = body as PublicCampaign;
  const safe = safeImage(image);
  return { ...campaign, cosigners: withSafeWebsites(campaign.cosigners ?? []), ...(safe ? { image: safe } : {}) };
}

export type CampaignImage = NonNullable<PublicCampaign['image']>;

/**
 * A campaign's image, if it is one the server published (a content-hashed JPEG under our own
 * `/media/`) with a positive width and height, so the page can reserve its box before it loads.
 */
export function safeImage(image: unknown): CampaignImage | undefined {
  if (!isRecord(image)) return undefined;
  const { src, alt, width, height } = image as Partial<CampaignImage>;
  if (typeof src !== 'string' || !/^\/media\/[a-z0-9-]+\/[0-9a-f]{8,64}\.jpg$/.test(src)) return undefined;
  if (typeof alt !== 'string' || alt.trim() === '') return undefined;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1) return undefined;
  return { src, alt, width: width!, height: height! };
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

/** Co-signers with only http(s) websites (safeWebsite); any other is dropped, the co-signer kept. */
export function withSafeWebsites<C extends { website?: string }>(cosigners: readonly C[]): C[] {
  return cosigners.map((c) => {
    const { website, ...rest } = c;
    const safe = safeWebsite(website);
    return (safe ? { ...rest, website: safe } : rest) as C;
  });
}

/**
 * GET …/count: the confirmed count and its time, nothing else (a pending figure an answer might carry
 * is never shown to the public); null when the answer has no count.
 */
export function readCount(body: unknown): CountReading | null {
  if (!isRecord(body) || typeof body.count !== 'number') return null;
  const { count, asOf } = body as CountReading;
  return asOf === undefined ? { count } : { count, asOf };
}

/** The most a list answer is trusted to hold; the server sends at most 50. */
const MAX_PUBLIC_SIGNERS = 50;

/** GET …/signers: at most 50 entries; null when the answer is not a list at all. */
export function readSigners(body: unknown): PublicSigner[] | null {
  if (!isRecord(body) || !Array.isArray(body.signers)) return null;
  return (body as Answer<'list-signers'>).signers.slice(0, MAX_PUBLIC_SIGNERS);
}

/** "Nadia K. · Georgia"; just the name when the country is unknown. */
export function signerLine(signer: PublicSigner, countryName: (code: string) => string): string {
  return signer.country ? `${signer.name} · ${countryName(signer.country)}` : signer.name;
}
