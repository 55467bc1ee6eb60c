/**
 * The organiser's side of a campaign: create, edit (keeping earlier texts once signers may have read
 * them), open and close, record the delivery, invite co-signing organisations, and the dashboard.
 * The request guard (./access.ts) has already checked who is asking and that the campaign is theirs.
 *
 * Every write is conditional on the campaign being as it was read (#store/campaigns.ts), so two
 * organisers acting at once get a 409 instead of silently undoing each other.
 */
import { randomBytes } from 'node:crypto';
import { HttpError, conflict, invalidFields, notFound } from '#lib/errors.ts';
import {
  addCosignInvite,
  addCosigner,
  createCampaign,
  deleteTranslation,
  getCampaignExtras,
  getCosignInviteExpiry,
  getCampaign,
  getCampaignWithHtml,
  getTranslationWithHtml,
  openDraft,
  putTranslation,
  recordDelivery,
  renameDraft,
  setStatus,
  updateCampaign,
} from '#store/campaigns.ts';
import { getCount, recentActivity, timeline, withdrawalsByDay } from '#store/counts.ts';
import { DIRECT_SOURCE } from '#rules/counts.ts';
import type { Organiser } from './access.ts';
import type { profileForCampaign } from './organisation-profile.ts';
import {
  DEFAULT_SIGNATURE_SHARDS,
  assertEditable,
  keepsVersions,
  organiserCampaign,
  transition,
  type CampaignUpdate,
  type Cosigner,
  type NewCampaign,
  type Campaign,
} from '#rules/campaign.ts';
import type { CosignInput, CosignLetter, DeliveryInput, TranslationInput } from '#rules/campaign-schema.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, pickLanguage, type CampaignLanguage } from '#rules/translations.ts';
import { hashToken, newToken } from '#rules/tokens.ts';
import { shownTextHtml } from '#rules/rendered-text.ts';

const DAY_MS = 86_400_000;
/** How long a co-signing invitation stays valid (and then deletes itself by TTL). */
export const COSIGN_INVITE_DAYS = 30;

/**
 * The slug is taken: by another of the organisation's campaigns, or by a public one. Said on the
 * slug field, so the editor shows it there; `key` says what to do about it.
 */
const slugTaken = (key: 'slugTaken' | 'slugTakenOnOpen' = 'slugTaken') =>
  new HttpError(409, 'slug_taken', key, { slug: 'slug.taken' });

/** The organiser's view of a campaign, with its counter, co-signers and text versions. */
export async function campaignView(campaign: Campaign) {
  const { count, cosigners, versions, translations } = await getCampaignExtras(campaign);
  return organiserCampaign(campaign, { count: count.count, pending: count.pending, cosigners, versions, translations });
}

/**
 * A new campaign of the organiser's organisation. A draft is kept privately (it claims its slug when
 * it opens), so creating one tells nothing about other organisations' drafts. `profile` is the
 * organisation's public profile to copy onto it (./organisation-profile.ts profileForCampaign, read by
 * the route: this module is also loaded by public routes, which are not given the organisations table).
 */
export async function createCampaignFor(
  organiser: Organiser,
  input: NewCampaign,
  profile: Awaited<ReturnType<typeof profileForCampaign>>,
  now = new Date(),
): Promise<Campaign> {
  const at = now.toISOString();
  const campaign: Campaign = {
    ...input,
    ...(input.status === 'draft' ? { privateDraft: true as const } : {}),
    orgId: organiser.orgId,
    version: 1,
    shards: DEFAULT_SIGNATURE_SHARDS,
    createdAt: at,
    updatedAt: at,
    ...(input.status === 'open' ? { openedAt: at } : {}),
  };
  if (input.status === 'open' && input.deadline && Date.parse(input.deadline) <= now.getTime()) {
    throw conflict('deadline_passed', 'deadlinePassed');
  }
  // Who is behind it, copied for the public answer.
  Object.assign(campaign, profile);
  if (!(await createCampaign(campaign))) throw slugTaken();
  return campaign;
}

/**
 * Applies an edit. The slug changes only while the campaign is a private draft: once open it is
 * public (and signatures, counts and exports are kept under it).
 */
export async function editCampaign(organiser: Organiser, campaign: Campaign, update: CampaignUpdate, now = new Date()): Promise<Campaign> {
  assertEditable(campaign);
  const { slug, ...changes } = update;
  const newSlug = slug !== undefined && slug !== campaign.slug ? slug : undefined;
  if (newSlug !== undefined && !campaign.privateDraft) throw invalidFields({ slug: 'slug.fixed' });
  if (newSlug === undefined && Object.values(changes).every((value) => value === undefined)) return campaign;
  const original = campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
  if (changes.language !== undefined && changes.language !== original) {
    // The original is never also one of its translations.
    if (campaign.translatedInto?.includes(changes.language)) throw conflict('language_translated', 'languageTranslated');
    // Translations were made from the original as it was labelled: once readers may have seen them
    // ("translated from …"), the label stays. A draft's, or an open campaign's without translations, may change.
    if (campaign.status !== 'draft' && (campaign.translatedInto?.length ?? 0) > 0) throw invalidFields({ language: 'language.fixed' });
  }
  if (newSlug !== undefined) {
    const renamed = await renameDraft(campaign, newSlug, changes, now);
    if (!renamed) throw slugTaken();
    return renamed;
  }
  return updateCampaign(campaign, changes, { keepVersion: keepsVersions(campaign), by: organiser.memberId, now });
}

/**
 * Adds or replaces the translation of title and text into `lang`. Not signed text, so no version is
 * kept; a delivered campaign no longer changes, its translations included.
 */
export async function saveTranslation(
  organiser: Organiser,
  campaign: Campaign,
  lang: CampaignLanguage,
  input: TranslationInput,
  now = new Date(),
): Promise<Campaign> {
  assertEditable(campaign);
  if (lang === (campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE)) {
    throw conflict('translation_is_original', 'translationIsOriginal');
  }
  const at = now.toISOString();
  return putTranslation(campaign, lang, { ...input, sourceVersion: campaign.version, updatedAt: at, updatedBy: organiser.memberId }, now);
}

/** Removes the translation into `lang`; 404 when there is none. */
export async function removeTranslation(campaign: Campaign, lang: CampaignLanguage, now = new Date()): Promise<Campaign> {
  assertEditable(campaign);
  if (!campaign.translatedInto?.includes(lang)) throw new HttpError(404, 'not_found', 'notFound.translation');
  return deleteTranslation(campaign, lang, now);
}

/**
 * Moves a campaign to `to`. A private draft claims its slug as it opens: if another organisation's
 * campaign opened under it meanwhile, 409 `slug_taken` on the slug field (choose another, then open).
 */
export async function changeStatus(campaign: Campaign, to: 'open' | 'closed', now = new Date()): Promise<Campaign> {
  const change = transition(campaign, to, now);
  if (!change) return campaign;
  if (!campaign.privateDraft) return setStatus(campaign, change, now);
  const opened = await openDraft(campaign, change, now);
  if (!opened) throw slugTaken('slugTakenOnOpen');
  return opened;
}

export async function deliver(organiser: Organiser, campaign: Campaign, input: DeliveryInput, now = new Date()): Promise<Campaign> {
  // A delivery is recorded once, after signing ended: refused unless the campaign is closed (a
  // delivered one included, which `transition` would take as no change).
  if (campaign.status === 'delivered') throw conflict('delivered', 'delivered');
  transition(campaign, 'delivered', now);
  return recordDelivery(
    campaign,
    { ...input, recordedAt: now.toISOString(), recordedBy: organiser.memberId },
    now,
  );
}

/** A single-use invitation link for an organisation to co-sign; only the token's hash is stored. */
export async function inviteCosigner(organiser: Organiser, campaign: Campaign, siteUrl: string, now = new Date()) {
  if (campaign.status === 'delivered') throw conflict('delivered', 'deliveredNoCosigners');
  const token = newToken();
  const expiresAt = new Date(now.getTime() + COSIGN_INVITE_DAYS * DAY_MS);
  // A draft that opened or moved since it was read takes no invitation: its links would lead nowhere.
  if (!(await addCosignInvite(campaign, hashToken(token), organiser.memberId, now, expiresAt))) throw conflict('changed', 'changed');
  return { url: `${siteUrl.replace(/\/+$/, '')}/#/p/${campaign.slug}/cosign/${token}`, expiresAt: expiresAt.toISOString() };
}

/**
 * What an invitation link asks an organisation to sign, read when the link is opened: the letter
 * (title, addressees, text, in the reader's language when translated; the handler adds its HTML), or at once the answer co-signing
 * would get — 404 `invalid_invite` when the link is used, expired or unknown (one answer for all
 * three, as cosign gives), 409 `delivered` when the campaign takes no more co-signers. Reads only:
 * the invitation is spent by the button press alone (cosign below), so a mail scanner spends nothing.
 */
export async function previewCosign(
  slug: string,
  token: string,
  language: { query?: string; acceptLanguage?: string },
  now = new Date(),
): Promise<CosignLetter> {
  // The campaign with its text's stored rendering (one BatchGetItem), beside the invitation.
  const [found, expiresAt] = await Promise.all([getCampaignWithHtml(slug), getCosignInviteExpiry(slug, hashToken(token))]);
  const campaign = found?.campaign;
  if (!found || !campaign || campaign.status === 'draft') throw notFound();
  // TTL deletes late, never early: an expired invitation may still be there.
  if (!expiresAt || expiresAt.getTime() <= now.getTime()) throw new HttpError(404, 'invalid_invite', 'inviteInvalid');
  if (campaign.status === 'delivered') throw conflict('delivered', 'deliveredNoCosigners');
  const original = campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
  const pick = pickLanguage(original, campaign.translatedInto ?? [], language);
  const translated = pick.language !== original ? await getTranslationWithHtml(slug, pick.language) : undefined;
  const shown = translated
    ? { title: translated.translation.title, text: translated.translation.text, language: pick.language, html: translated.html }
    : { title: campaign.title, text: campaign.text, language: original, html: found.html };
  return {
    slug,
    kind: campaign.kind,
    status: campaign.status,
    title: shown.title,
    targets: campaign.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    text: shown.text,
    // Stored HTML only if rendered from this very text under the current rules, else the plain fallback.
    textHtml: shownTextHtml(shown.text, shown.html),
    language: shown.language,
    expiresAt: expiresAt.toISOString(),
  };
}

/** An organisation co-signs with its invitation: the invitation is spent as the co-signer is added. */
export async function cosign(slug: string, input: CosignInput, now = new Date()): Promise<Cosigner> {
  const campaign = await getCampaign(slug);
  // Drafts do not exist for the public.
  if (!campaign || campaign.status === 'draft') throw notFound();
  const cosigner: Cosigner = {
    id: randomBytes(8).toString('hex'),
    name: input.name,
    country: input.country,
    ...(input.website ? { website: input.website } : {}),
    signedAt: now.toISOString(),
  };
  const outcome = await addCosigner(slug, hashToken(input.token), cosigner, now);
  if (outcome === 'invalid-invite') {
    // Used, expired or never issued: the same answer, so a link reveals nothing beyond being invalid.
    throw new HttpError(404, 'invalid_invite', 'inviteInvalid');
  }
  if (outcome === 'not-accepting') throw conflict('delivered', 'deliveredNoCosigners');
  return cosigner;
}

/**
 * Confirmed signatures per source: each widget source (`host` or `host#tag`) as counted, and `direct`
 * (our own page) as the rest of the total, so signatures from before sources were recorded count
 * there. Sources that went back to zero are left out.
 */
export function dashboardSources(total: number, widget: Record<string, number>): Record<string, number> {
  const sources: Record<string, number> = {};
  let fromWidget = 0;
  for (const [key, n] of Object.entries(widget)) {
    if (n <= 0) continue;
    sources[key] = n;
    fromWidget += n;
  }
  const direct = total - fromWidget;
  return direct > 0 ? { [DIRECT_SOURCE]: direct, ...sources } : sources;
}

/**
 * The dashboard: counts, confirmations per hour, withdrawals per day and the recent confirmations.
 * Counts only, no personal data; a withdrawal is told only by its day (docs/privacy.md). A draft has
 * taken no signature, and under its slug may be another organisation's campaign: nothing is read for it.
 */
export async function dashboard(campaign: Campaign) {
  if (campaign.status === 'draft') {
    return { count: 0, pending: 0, asOf: campaign.updatedAt, countries: {}, sources: {}, timeline: [], withdrawals: [], recent: [] };
  }
  const [count, hours, withdrawals, recent] = await Promise.all([
    getCount(campaign.slug),
    timeline(campaign.slug, ''),
    withdrawalsByDay(campaign.slug),
    recentActivity(campaign.slug),
  ]);
  return {
    count: count?.count ?? 0,
    pending: count?.pending ?? 0,
    asOf: count?.asOf ?? campaign.createdAt,
    countries: count?.countries ?? {},
    sources: dashboardSources(count?.count ?? 0, count?.sources ?? {}),
    timeline: hours,
    withdrawals,
    recent,
  };
}
