/**
 * What a campaign is: a petition, or a letter addressed to one or more authorities (the targets).
 * Pure rules, no I/O. The input schemas live in campaign-schema.ts, so read paths that only show a
 * campaign do not bundle the validator.
 *
 * A campaign moves draft → open → closed → delivered, and may be reopened from closed (see
 * `transition`). Only an open campaign takes signatures and is listed; a draft is invisible to the
 * public API.
 */
import type { StoredImage } from './images.ts';
import { conflict } from '#lib/errors.ts';
import type { NewCampaign } from './campaign-schema.ts';
import { publicProfile, type PublicOrganisation } from './organisation-profile.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, type CampaignLanguage, type Translation } from './translations.ts';

export type { CampaignUpdate, NewCampaign, Target } from './campaign-schema.ts';

// Kinds, statuses, delivery methods and signer-field choices are defined once, for the page too (./limits.ts).
import { CAMPAIGN_KINDS, CAMPAIGN_STATUSES, type CampaignStatus, type DeliveryMethod, type SignerFields } from './limits.ts';
export { DEFAULT_SIGNER_FIELDS, DELIVERY_METHODS, type CampaignStatus, type DeliveryMethod, type SignerFields } from './limits.ts';
export const PETITION_KINDS = CAMPAIGN_KINDS;
export const PETITION_STATUSES = CAMPAIGN_STATUSES;
/**
 * Signature partitions per campaign; see docs/data-model.md for the arithmetic. 64: at 5,000
 * signatures/s, each makes four writes in its partition (the submission, the mailer's mark on it, the
 * signature and the spent submission), so the busiest of 32 would take ~650 writes/s (`npm run bench`,
 * capacity model) — over our 500/s ceiling per key; of 64, ~330/s. Campaigns keep the count they were
 * made with, so existing keys never move.
 */
export const DEFAULT_SIGNATURE_SHARDS = 64;

/** How and when the signatures reached the targets, as the organiser recorded it. */
export interface Delivery {
  /** Day of delivery, YYYY-MM-DD. */
  deliveredOn: string;
  /** To whom (a person, an office). */
  to: string;
  method: DeliveryMethod;
  note?: string;
  recordedAt: string;
  /** Member id (or `token:<id>`) of who recorded it. */
  recordedBy: string;
}

export interface Campaign extends Omit<NewCampaign, 'status' | 'language'> {
  /** The original's language; absent on campaigns stored before languages existed (English). */
  language?: CampaignLanguage;
  /**
   * Languages with a translation (`TRANSLATION#<lang>` items, never the original's), sorted. Kept on
   * the campaign so the public page knows what to offer without reading the translations.
   */
  translatedInto?: CampaignLanguage[];
  /**
   * The owning organisation. Absent only on campaigns stored before organisations existed: no
   * organiser sees those (access compares it with the session's organisation).
   */
  orgId?: string;
  status: CampaignStatus;
  /** Text version, from 1; bumped when title or text change after the campaign was first opened. */
  version: number;
  signerFields: SignerFields;
  shards: number;
  createdAt: string;
  updatedAt: string;
  /** First opened; editing the text after this keeps the previous text as a version. */
  openedAt?: string;
  /** When an organiser closed it (a passed deadline closes it too; see closedSince). Cleared on reopen. */
  closedAt?: string;
  delivery?: Delivery;
  /** Set by the retention job once signers' personal data has been erased. */
  personalDataErasedAt?: string;
  /**
   * A draft kept under a key private to its organisation: it has claimed no public slug yet, so it
   * tells other organisations nothing (#store/campaigns.ts). It claims its slug when it opens. Absent
   * once opened, and on drafts stored before drafts were private (they hold their slug).
   */
  privateDraft?: true;
  /** The campaign's image (issue #17, item 5): published under the site, resized and stripped of metadata. */
  image?: StoredImage;
  /**
   * A copy of the organisation's public profile (issue #17), so the public answer and the sign path
   * name the organisation without reading the organisations table. Written when the campaign is made
   * and whenever an owner changes the profile; `organisationVersion` is the profile's version copied,
   * so an older copy never overwrites a newer one. Absent on campaigns made before profiles existed
   * until their organisation's profile is next saved.
   */
  organisation?: PublicOrganisation;
  organisationVersion?: number;
}

/** Default days of retention for campaigns stored before retention was configurable. */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * When the campaign stopped taking signatures, or undefined while it is open (or still a draft, which
 * never took any): the explicit close, else a passed deadline. The retention period runs from here.
 */
export function closedSince(
  campaign: Pick<Campaign, 'status' | 'deadline' | 'closedAt' | 'updatedAt'>,
  now: Date,
): Date | undefined {
  if (campaign.status === 'draft') return undefined;
  if (campaign.closedAt) return new Date(campaign.closedAt);
  if (campaign.deadline && Date.parse(campaign.deadline) <= now.getTime()) return new Date(campaign.deadline);
  // Closed before closedAt was recorded: the last change is the best estimate there is.
  if (campaign.status !== 'open') return new Date(campaign.updatedAt);
  return undefined;
}

/** Whether signers' personal data is due for erasure: closed for longer than the retention period. */
export function isPastRetention(campaign: Campaign, now: Date): boolean {
  return retentionDue(campaign, now) !== undefined;
}

/** Why a campaign's personal data is due for erasure at `now`: how it closed, since when, for how long. */
export interface RetentionDue {
  /** `closed` or `delivered` by an organiser, or an open campaign whose `deadline` passed. */
  cause: 'closed' | 'delivered' | 'deadline';
  closedSince: Date;
  retentionDays: number;
  /** closedSince + retentionDays: the first moment erasure is due. */
  dueAt: Date;
}

/** The reason `isPastRetention` holds, or undefined when it does not (never for an erased campaign). */
export function retentionDue(campaign: Campaign, now: Date): RetentionDue | undefined {
  if (campaign.personalDataErasedAt) return undefined;
  const since = closedSince(campaign, now);
  if (!since) return undefined;
  const retentionDays = campaign.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const dueAt = new Date(since.getTime() + retentionDays * 86_400_000);
  if (now.getTime() < dueAt.getTime()) return undefined;
  const cause = campaign.status === 'open' ? 'deadline' : campaign.status === 'delivered' ? 'delivered' : 'closed';
  return { cause, closedSince: since, retentionDays, dueAt };
}

/**
 * Open for signatures: open status, the deadline (if any) not yet passed, and personal data not yet
 * erased (signatures taken after the erasure would never be erased).
 */
export function isOpenForSigning(
  campaign: Pick<Campaign, 'status' | 'deadline'> & { personalDataErasedAt?: string },
  now: Date,
): boolean {
  if (campaign.status !== 'open' || campaign.personalDataErasedAt) return false;
  return !campaign.deadline || Date.parse(campaign.deadline) > now.getTime();
}

/** What the public is told: a draft is never shown, an open campaign past its deadline is closed. */
export function publicStatus(campaign: Campaign, now: Date): 'open' | 'closed' | 'delivered' {
  if (campaign.status === 'delivered') return 'delivered';
  return isOpenForSigning(campaign, now) ? 'open' : 'closed';
}

// --- Status transitions ----------------------------------------------------------------------------

/** The moves an organiser may make; `delivered` is reached only by recording a delivery. */
const NEXT: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'delivered'],
  delivered: [],
};

export interface StatusChange {
  status: CampaignStatus;
  /** Set on the first opening only. */
  openedAt?: string;
  /** A string sets it (closing); null removes it (reopening), so retention no longer runs from it. */
  closedAt?: string | null;
}

/**
 * The change that moves a campaign to `to`, or a 409 saying why it cannot move. Moving to the
 * status it already has is no change (undefined), so a repeated click is harmless.
 */
export function transition(
  campaign: Pick<Campaign, 'status' | 'openedAt' | 'deadline' | 'personalDataErasedAt'>,
  to: CampaignStatus,
  now: Date,
): StatusChange | undefined {
  const from = campaign.status;
  if (from === to) return undefined;
  if (!NEXT[from].includes(to)) {
    if (from === 'delivered') throw conflict('delivered', 'delivered');
    if (to === 'delivered') throw conflict('not_closed', 'notClosed');
    throw conflict('invalid_transition', 'invalidTransition', { from: { key: `status.${from}` }, to: { key: `status.${to}` } });
  }
  const at = now.toISOString();
  if (to === 'open') {
    if (campaign.personalDataErasedAt) {
      throw conflict('erased', 'erased');
    }
    if (campaign.deadline && Date.parse(campaign.deadline) <= now.getTime()) {
      throw conflict('deadline_passed', 'deadlinePassed');
    }
    return { status: 'open', ...(campaign.openedAt ? {} : { openedAt: at }), ...(from === 'closed' ? { closedAt: null } : {}) };
  }
  if (to === 'closed') return { status: 'closed', closedAt: at };
  return { status: to };
}

/** Whether editing title or text must keep the previous text: once signers may have read it. */
export function keepsVersions(campaign: Pick<Campaign, 'status' | 'openedAt'>): boolean {
  return campaign.openedAt !== undefined || campaign.status !== 'draft';
}

/** A delivered campaign is the record of what was delivered: it no longer changes. */
export function assertEditable(campaign: Pick<Campaign, 'status'>): void {
  if (campaign.status === 'delivered') throw conflict('delivered', 'delivered');
}

// --- Views -----------------------------------------------------------------------------------------

export interface Cosigner {
  id: string;
  name: string;
  country: string;
  website?: string;
  signedAt: string;
}

export interface VersionSummary {
  version: number;
  savedAt: string;
}

/** What the public page and the dossier show of a co-signing organisation. */
export const publicCosigner = ({ name, country, website }: Cosigner) => ({ name, country, ...(website ? { website } : {}) });

/** What the public page and the dossier show of a delivery (not who recorded it, nor when). */
export function publicDelivery(delivery: NonNullable<Campaign['delivery']>) {
  return {
    deliveredOn: delivery.deliveredOn,
    to: delivery.to,
    method: delivery.method,
    ...(delivery.note ? { note: delivery.note } : {}),
  };
}

/** The public view of a campaign: nothing internal (shard count, keys, target emails) leaves the API. */
export function publicCampaign(
  campaign: Campaign,
  count: number,
  asOf: string | undefined,
  now: Date,
  cosigners: Cosigner[] = [],
) {
  const delivery = campaign.status === 'delivered' ? campaign.delivery : undefined;
  return {
    slug: campaign.slug,
    kind: campaign.kind,
    title: campaign.title,
    text: campaign.text,
    targets: campaign.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: campaign.goal,
    publicSigners: campaign.publicSigners === true,
    status: publicStatus(campaign, now),
    ...(campaign.deadline ? { deadline: campaign.deadline } : {}),
    // The sign form asks for exactly these.
    signerFields: campaign.signerFields,
    cosigners: cosigners.map(publicCosigner),
    ...(delivery ? { delivery: publicDelivery(delivery) } : {}),
    count,
    asOf: asOf ?? campaign.createdAt,
    // Which text this is: the sign form sends it back, so a signature stands under the text read.
    version: campaign.version,
    ...(campaign.image ? { image: publicImage(campaign.image) } : {}),
    // For the per-campaign privacy notice: how long signers' data is kept once the campaign closes.
    retentionDays: campaign.retentionDays ?? DEFAULT_RETENTION_DAYS,
    // Who is behind it: its public id and the copied public profile, public fields only (#rules/organisation.ts).
    ...(campaign.organisation?.name && campaign.orgId ? { organisation: { id: campaign.orgId, ...publicProfile(campaign.organisation) } } : {}),
  };
}

/** The organiser's view: every field (target emails too), the text versions and the co-signers. */
export function organiserCampaign(
  campaign: Campaign,
  extras: {
    count: number;
    pending: number;
    versions: VersionSummary[];
    cosigners: Cosigner[];
    translations?: Partial<Record<CampaignLanguage, Translation>>;
  },
) {
  return {
    slug: campaign.slug,
    kind: campaign.kind,
    title: campaign.title,
    text: campaign.text,
    language: campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE,
    translations: Object.fromEntries(
      Object.entries(extras.translations ?? {}).map(([lang, t]) => [
        lang,
        { title: t.title, text: t.text, sourceVersion: t.sourceVersion, updatedAt: t.updatedAt },
      ]),
    ),
    targets: campaign.targets,
    goal: campaign.goal,
    ...(campaign.deadline ? { deadline: campaign.deadline } : {}),
    publicSigners: campaign.publicSigners === true,
    retentionDays: campaign.retentionDays ?? DEFAULT_RETENTION_DAYS,
    signerFields: campaign.signerFields,
    status: campaign.status,
    version: campaign.version,
    versions: extras.versions,
    cosigners: extras.cosigners,
    ...(campaign.delivery ? { delivery: campaign.delivery } : {}),
    count: extras.count,
    pending: extras.pending,
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
    ...(campaign.openedAt ? { openedAt: campaign.openedAt } : {}),
    ...(campaign.closedAt ? { closedAt: campaign.closedAt } : {}),
    ...(campaign.personalDataErasedAt ? { personalDataErasedAt: campaign.personalDataErasedAt } : {}),
    ...(campaign.image ? { image: publicImage(campaign.image) } : {}),
  };
}

/** A campaign's image as both answers carry it: exactly these four fields. */
function publicImage({ src, alt, width, height }: StoredImage): StoredImage {
  return { src, alt, width, height };
}
