/**
 * Answering a submission by mail, off the request path (the stream consumer follow-signatures runs
 * this for every new `sub#` item). What the request could not do without telling the world whether an
 * address signed happens here, where only the owner of the address sees the outcome:
 *
 * 1. Notes where the submission came from for the velocity signals (its sealed network address, then
 *    dropped); a batch's notes are counted together at its end (#usecases/velocity.ts).
 * 2. Looks at the signer's signature: none yet → a mail with a link to confirm this submission;
 *    confirmed already → "you have already signed", with a withdraw link and nothing to confirm.
 *    Either names the campaign's organisation, read here (once a batch), never on the sign request:
 *    in the text, in the From display name ("<organisation> via Undersigned") and as Reply-To (its
 *    public contact, when it has one).
 * 3. Takes one mail from the recipient's quota (3 per address per campaign per day): past it, no mail.
 * 4. Marks the submission answered and drops what it no longer needs (the link token; for a
 *    submission that cannot be confirmed, every sealed field).
 *
 * Safe under redelivery: an answered or vanished submission is skipped. A mail that fails throws, so
 * the batch comes again and the submission, not yet marked, is answered then.
 *
 * The stream consumer is #streams/follow-signatures.ts; answerNewSubmissions is its part for mail.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { openFields } from '#crypto/field-crypto.ts';
import { isLanguage, loadStrings, type Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { sendMail } from '#mail/mailer.ts';
import { alreadySignedMail, confirmationMail, signatureLinks } from '#mail/templates.ts';
import { getCampaign, getTranslation } from '#store/campaigns.ts';
import { getOrganisation } from '#store/organisations.ts';
import { markAnswered, readSubmission, type SubmissionItem } from '#store/signatures.ts';
import { mayMail } from './mail-quota.ts';
import type { Campaign } from '#rules/campaign.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE } from '#rules/translations.ts';
import { isSubmissionKey, sealingContext } from '#rules/signature-keys.ts';
import { recordVelocity, type Sighting } from './velocity.ts';

export interface MailerConfig {
  hashKey: string;
  /** Public address of the site, for the links in mails. */
  siteUrl: string;
}

export type Answer = 'confirm' | 'already-signed' | 'none' | 'skipped';

const DAY_MS = 86_400_000;

/** What one batch shares: its campaigns, read once, and where its submissions came from. */
export interface Batch {
  campaigns: Map<string, Promise<Campaign | undefined>>;
  sightings: Sighting[];
  /** Campaign titles in a translation, by slug and language, read once a batch. */
  titles?: Map<string, Promise<string>>;
  /** Organisations' names and public contacts, by orgId, read once a batch. */
  organisations?: Map<string, Promise<Sender | undefined>>;
}

/** Who a signer's mail comes from: the organisation's name (From) and public contact (Reply-To). */
export interface Sender {
  name: string;
  contact?: string;
}

/**
 * The name of the organisation that runs the campaign, as the dossier's cover gives it, for "organised
 * by" in the mail; read here, off the request path, once a batch per organisation. A campaign without
 * an organisation, or one whose organisation is gone, gets a mail that names none.
 */
export function organisationFor(campaign: Campaign, batch: Batch): Promise<Sender | undefined> {
  const orgId = campaign.orgId;
  if (!orgId) return Promise.resolve(undefined);
  const senders = (batch.organisations ??= new Map());
  if (!senders.has(orgId)) {
    senders.set(
      orgId,
      getOrganisation(orgId).then((organisation) =>
        organisation ? { name: organisation.name, ...(organisation.contact ? { contact: organisation.contact } : {}) } : undefined,
      ),
    );
  }
  return senders.get(orgId)!;
}

/**
 * The campaign's title as the signer read it: its translation into the language they signed in (the
 * page shows a campaign in its reader's language when it has it), else the original's.
 */
export function titleFor(campaign: Campaign, lang: Language, batch: Batch): Promise<string> {
  const original = campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
  if (lang === original || !campaign.translatedInto?.includes(lang)) return Promise.resolve(campaign.title);
  const titles = (batch.titles ??= new Map());
  const key = `${campaign.slug}\u0000${lang}`;
  if (!titles.has(key)) titles.set(key, getTranslation(campaign.slug, lang).then((t) => t?.title ?? campaign.title));
  return titles.get(key)!;
}

/**
 * `submission`: the item as the stream's INSERT record shows it (with the sealed token and address,
 * which the live item loses once answered).
 */
export async function answerSubmission(
  submission: SubmissionItem,
  config: MailerConfig,
  batch: Batch = { campaigns: new Map(), sightings: [] },
  now = new Date(),
): Promise<Answer> {
  const { campaigns } = batch;
  const key = { pk: submission.pk, sk: submission.sk };
  const signatureKey = { pk: submission.pk, sk: submission.signer };
  const live = await readSubmission(key, signatureKey);
  // Answered before (a redelivered batch), or gone (withdrawn from its mail, expired): nothing to do.
  if (!live.submission || live.submission.answered !== undefined || live.submission.status !== 'pending') return 'skipped';

  const { email, token, ip } = await openFields(submission.dataKey, submission.pii, sealingContext(signatureKey));
  if (email) batch.sightings.push({ slug: submission.slug, email, ...(ip ? { sourceIp: ip } : {}), at: new Date(submission.createdAt) });

  if (!campaigns.has(submission.slug)) campaigns.set(submission.slug, getCampaign(submission.slug));
  const campaign = await campaigns.get(submission.slug)!;
  if (!campaign || !email || !token) return answered(key, 'none');

  const signed = live.signature?.status === 'confirmed';
  if (!(await mayMail(config.hashKey, 'sign', submission.slug, email, now))) {
    // Someone is sending this address mail after mail: it gets no more today, and nobody is told.
    countEvent('MailQuotaReached');
    return answered(key, 'none');
  }

  const lang: Language = isLanguage(submission.lang) ? submission.lang : 'en';
  await loadStrings(lang);
  const links = signatureLinks(config.siteUrl, submission.slug, submission.signer, token, lang);
  const expiresInDays = Math.max(1, Math.round((Date.parse(submission.tokenExpiresAt) - Date.parse(submission.createdAt)) / DAY_MS));
  const [title, sender] = await Promise.all([titleFor(campaign, lang, batch), organisationFor(campaign, batch)]);
  const organisation = sender?.name;
  const message = signed
    ? alreadySignedMail({ title, organisation, links, lang })
    : confirmationMail({ title, organisation, links, expiresInDays, lang });
  try {
    // From "<organisation> via Undersigned" (our address), Reply-To the organisation's public contact.
    await sendMail({ to: email, ...message, ...(organisation ? { organisation } : {}), ...(sender?.contact ? { replyTo: sender.contact } : {}) });
  } catch (error) {
    countEvent('ConfirmationMailFailed');
    logger.error('signature mail not sent', { slug: submission.slug, errorName: (error as Error)?.name });
    throw error;
  }
  // What Confirm needs stays sealed; the token and the address go.
  const { name, email: sealedEmail, comment } = submission.pii;
  const keep = Object.fromEntries(Object.entries({ name, email: sealedEmail, comment }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return answered(key, signed ? 'already-signed' : 'confirm', keep);
}

async function answered(key: { pk: string; sk: string }, answer: Exclude<Answer, 'skipped'>, keep?: Record<string, string>): Promise<Answer> {
  await markAnswered(key, answer, keep);
  return answer;
}

/** Submissions answered at once: each waits on a mail, and a batch holds up to 100. */
const AT_ONCE = 10;

/** The submission a record announces, if it is the INSERT of one. */
export function newSubmissionOf(record: DynamoDBRecord): SubmissionItem | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  return isSubmissionKey(item.sk) ? (item as SubmissionItem) : undefined;
}

/**
 * Answers every new submission among a batch's records, AT_ONCE at a time. Throws after the others
 * are done if any failed, so the batch comes again; the ones answered are skipped then.
 */
export async function answerNewSubmissions(records: readonly DynamoDBRecord[], config: MailerConfig): Promise<void> {
  const submissions = records.map(newSubmissionOf).filter((s): s is SubmissionItem => s !== undefined);
  if (submissions.length === 0) return;
  const batch: Batch = { campaigns: new Map(), sightings: [] };
  const failures: unknown[] = [];
  const answers: Record<string, number> = {};
  for (let i = 0; i < submissions.length; i += AT_ONCE) {
    const results = await Promise.allSettled(submissions.slice(i, i + AT_ONCE).map((s) => answerSubmission(s, config, batch)));
    for (const result of results) {
      if (result.status === 'rejected') failures.push(result.reason);
      else answers[result.value] = (answers[result.value] ?? 0) + 1;
    }
  }
  await recordVelocity(batch.sightings);
  logger.info('submissions answered', { submissions: submissions.length, ...answers, failed: failures.length });
  if (failures.length > 0) {
    for (const reason of failures) logger.error('submission not answered', { errorName: (reason as Error)?.name });
    throw new Error(`${failures.length} submission(s) not answered; the batch will be delivered again.`);
  }
}
