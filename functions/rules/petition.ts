/**
 * What a campaign is: a petition, or a letter addressed to one or more authorities (the targets).
 * Pure rules, no I/O. The input schemas live in petition-schema.ts, so read paths that only show a
 * campaign do not bundle the validator.
 *
 * A campaign moves draft → open → closed → delivered, and may be reopened from closed (see
 * `transition`). Only an open campaign takes signatures and is listed; a draft is invisible to the
 * public API.
 */
import { conflict } from '#lib/errors.ts';
import type { NewCampaign } from './petition-schema.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, type CampaignLanguage, type Translation } from './translations.ts';

export type { CampaignUpdate, NewCampaign, Target } from './petition-schema.ts';

export const PETITION_KINDS = ['petition', 'letter'] as const;
export const PETITION_STATUSES = ['draft', 'open', 'closed', 'delivered'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];
export const DELIVERY_METHODS = ['in-person', 'post', 'email', 'other'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
/**
 * Signature partitions per campaign; see docs/data-model.md for the arithmetic. 64: at 5,000
 * signatures/s, each makes four writes in its partition (the submission, the mailer's mark on it, the
 * signature and the spent submission), so the busiest of 32 would take ~650 writes/s (`npm run bench`,
 * capacity model) — over our 500/s ceiling per key; of 64, ~330/s. Campaigns keep the count they were
 * made with, so existing keys never move.
 */
export const DEFAULT_SIGNATURE_SHARDS = 64;

/** Which optional fields the sign form asks for. */
export interface SignerFields {
  country: 'required' | 'optional' | 'off';
  comment: 'optional' | 'off';
}

/** What campaigns stored before signer fields were configurable asked for. */
export const DEFAULT_SIGNER_FIELDS: SignerFields = { country: 'required', comment: 'optional' };

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

export interface Petition extends Omit<NewCampaign, 'status' | 'language'> {
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
  status: PetitionStatus;
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
   * tells other organisations nothing (#store/petitions.ts). It claims its slug when it opens. Absent
   * once opened, and on drafts stored before drafts were private (they hold their slug).
   */
  privateDraft?: true;
}

/** Default days of retention for campaigns stored before retention was configurable. */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * When the campaign stopped taking signatures, or undefined while it is open (or still a draft, which
 * never took any): the explicit close, else a passed deadline. The retention period runs from here.
 */
export function closedSince(
  petition: Pick<Petition, 'status' | 'deadline' | 'closedAt' | 'updatedAt'>,
  now: Date,
): Date | undefined {
  if (petition.status === 'draft') return undefined;
  if (petition.closedAt) return new Date(petition.closedAt);
  if (petition.deadline && Date.parse(petition.deadline) <= now.getTime()) return new Date(petition.deadline);
  // Closed before closedAt was recorded: the last change is the best estimate there is.
  if (petition.status !== 'open') return new Date(petition.updatedAt);
  return undefined;
}

/** Whether signers' personal data is due for erasure: closed for longer than the retention period. */
export function isPastRetention(petition: Petition, now: Date): boolean {
  return retentionDue(petition, now) !== undefined;
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
export function retentionDue(petition: Petition, now: Date): RetentionDue | undefined {
  if (petition.personalDataErasedAt) return undefined;
  const since = closedSince(petition, now);
  if (!since) return undefined;
  const retentionDays = petition.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const dueAt = new Date(since.getTime() + retentionDays * 86_400_000);
  if (now.getTime() < dueAt.getTime()) return undefined;
  const cause = petition.status === 'open' ? 'deadline' : petition.status === 'delivered' ? 'delivered' : 'closed';
  return { cause, closedSince: since, retentionDays, dueAt };
}

/**
 * Open for signatures: open status, the deadline (if any) not yet passed, and personal data not yet
 * erased (signatures taken after the erasure would never be erased).
 */
export function isOpenForSigning(
  petition: Pick<Petition, 'status' | 'deadline'> & { personalDataErasedAt?: string },
  now: Date,
): boolean {
  if (petition.status !== 'open' || petition.personalDataErasedAt) return false;
  return !petition.deadline || Date.parse(petition.deadline) > now.getTime();
}

/** What the public is told: a draft is never shown, an open campaign past its deadline is closed. */
export function publicStatus(petition: Petition, now: Date): 'open' | 'closed' | 'delivered' {
  if (petition.status === 'delivered') return 'delivered';
  return isOpenForSigning(petition, now) ? 'open' : 'closed';
}

// --- Status transitions ----------------------------------------------------------------------------

/** The moves an organiser may make; `delivered` is reached only by recording a delivery. */
const NEXT: Record<PetitionStatus, readonly PetitionStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'delivered'],
  delivered: [],
};

export interface StatusChange {
  status: PetitionStatus;
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
  petition: Pick<Petition, 'status' | 'openedAt' | 'deadline' | 'personalDataErasedAt'>,
  to: PetitionStatus,
  now: Date,
): StatusChange | undefined {
  const from = petition.status;
  if (from === to) return undefined;
  if (!NEXT[from].includes(to)) {
    if (from === 'delivered') throw conflict('delivered', 'delivered');
    if (to === 'delivered') throw conflict('not_closed', 'notClosed');
    throw conflict('invalid_transition', 'invalidTransition', { from: { key: `status.${from}` }, to: { key: `status.${to}` } });
  }
  const at = now.toISOString();
  if (to === 'open') {
    if (petition.personalDataErasedAt) {
      throw conflict('erased', 'erased');
    }
    if (petition.deadline && Date.parse(petition.deadline) <= now.getTime()) {
      throw conflict('deadline_passed', 'deadlinePassed');
    }
    return { status: 'open', ...(petition.openedAt ? {} : { openedAt: at }), ...(from === 'closed' ? { closedAt: null } : {}) };
  }
  if (to === 'closed') return { status: 'closed', closedAt: at };
  return { status: to };
}

/** Whether editing title or text must keep the previous text: once signers may have read it. */
export function keepsVersions(petition: Pick<Petition, 'status' | 'openedAt'>): boolean {
  return petition.openedAt !== undefined || petition.status !== 'draft';
}

/** A delivered campaign is the record of what was delivered: it no longer changes. */
export function assertEditable(petition: Pick<Petition, 'status'>): void {
  if (petition.status === 'delivered') throw conflict('delivered', 'delivered');
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
export function publicDelivery(delivery: NonNullable<Petition['delivery']>) {
  return {
    deliveredOn: delivery.deliveredOn,
    to: delivery.to,
    method: delivery.method,
    ...(delivery.note ? { note: delivery.note } : {}),
  };
}

/** The public view of a campaign: nothing internal (shard count, keys, target emails) leaves the API. */
export function publicPetition(
  petition: Petition,
  count: number,
  asOf: string | undefined,
  now: Date,
  cosigners: Cosigner[] = [],
) {
  const delivery = petition.status === 'delivered' ? petition.delivery : undefined;
  return {
    slug: petition.slug,
    kind: petition.kind,
    title: petition.title,
    text: petition.text,
    targets: petition.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: petition.goal,
    publicSigners: petition.publicSigners === true,
    status: publicStatus(petition, now),
    ...(petition.deadline ? { deadline: petition.deadline } : {}),
    // The sign form asks for exactly these.
    signerFields: petition.signerFields,
    cosigners: cosigners.map(publicCosigner),
    ...(delivery ? { delivery: publicDelivery(delivery) } : {}),
    count,
    asOf: asOf ?? petition.createdAt,
    // Which text this is: the sign form sends it back, so a signature stands under the text read.
    version: petition.version,
  };
}

/** The organiser's view: every field (target emails too), the text versions and the co-signers. */
export function organiserPetition(
  petition: Petition,
  extras: {
    count: number;
    pending: number;
    versions: VersionSummary[];
    cosigners: Cosigner[];
    translations?: Partial<Record<CampaignLanguage, Translation>>;
  },
) {
  return {
    slug: petition.slug,
    kind: petition.kind,
    title: petition.title,
    text: petition.text,
    language: petition.language ?? DEFAULT_CAMPAIGN_LANGUAGE,
    translations: Object.fromEntries(
      Object.entries(extras.translations ?? {}).map(([lang, t]) => [
        lang,
        { title: t.title, text: t.text, sourceVersion: t.sourceVersion, updatedAt: t.updatedAt },
      ]),
    ),
    targets: petition.targets,
    goal: petition.goal,
    ...(petition.deadline ? { deadline: petition.deadline } : {}),
    publicSigners: petition.publicSigners === true,
    retentionDays: petition.retentionDays ?? DEFAULT_RETENTION_DAYS,
    signerFields: petition.signerFields,
    status: petition.status,
    version: petition.version,
    versions: extras.versions,
    cosigners: extras.cosigners,
    ...(petition.delivery ? { delivery: petition.delivery } : {}),
    count: extras.count,
    pending: extras.pending,
    createdAt: petition.createdAt,
    updatedAt: petition.updatedAt,
    ...(petition.openedAt ? { openedAt: petition.openedAt } : {}),
    ...(petition.closedAt ? { closedAt: petition.closedAt } : {}),
    ...(petition.personalDataErasedAt ? { personalDataErasedAt: petition.personalDataErasedAt } : {}),
  };
}
