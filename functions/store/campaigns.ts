/**
 * Campaigns in the petitions table: one partition per campaign (its slug). Sort keys:
 *
 *   ACTIVITY#<iso>#<shard>#<seq>  recent counting activity (#store/counts.ts), TTL a week
 *   CARD                          what the share card last showed, and when (#store/share-cards.ts)
 *   COSIGN-INVITE#<sha256>        a single-use co-signing invitation, TTL 30 days
 *   COSIGNER#<id>                 an organisation that co-signed
 *   COUNT                         the counter (#store/counts.ts)
 *   HTML                          the campaign's text rendered as HTML, with the hash of what it was
 *                                 rendered from (#rules/rendered-text.ts); written by the page publisher
 *   META                          the campaign
 *   TIMELINE#<hour>               net confirmed signatures in one UTC hour (#store/counts.ts)
 *   TRANSLATED-HTML#<lang>        a translation's text rendered, as HTML is the original's
 *   TRANSLATION#<lang>            a translation of the title and text (META lists the languages)
 *   VERSION#<nnnn>                an earlier title and text of a campaign that had been opened
 *
 * The order is chosen so that `COUNT..META` holds exactly the counter, the original text's HTML and
 * the campaign, and `COSIGNER#..META` the co-signers as well: the public page is one Query.
 * The translations' HTML lies outside that range on purpose, so a campaign in ten languages does not
 * make every read of its page pay for ten renderings; a translation is read with its own (BatchGet).
 * No rendering's key begins with a prefix the stream consumers listen to (META, TRANSLATION#, COUNT),
 * so storing one starts no publication.
 *
 * A draft claims no public slug: its partition is `DRAFT#<orgId>#<slug>`, private to its organisation,
 * until it opens (openDraft), when it moves to `<slug>` — public from then on anyway. So another
 * organisation creating a campaign under the same slug meanwhile gets the answer a free slug gets,
 * and the draft's opening is the one refused. An organisation's own slugs stay unique: a campaign is
 * created only if neither partition holds one of its own under that slug. Drafts stored before this
 * lie under their slug, hold it, and keep working there.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { conflict, isConditionFailure, unavailable } from '#lib/errors.ts';
import {
  DEFAULT_SIGNER_FIELDS,
  type CampaignUpdate,
  type Cosigner,
  type Delivery,
  type Campaign,
  type StatusChange,
  type VersionSummary,
} from '#rules/campaign.ts';
import type { CampaignLanguage, Translation } from '#rules/translations.ts';
import type { StoredTextHtml } from '#rules/rendered-text.ts';
import type { ListShelf } from '#rules/limits.ts';
import type { PublicOrganisation } from '#rules/organisation-profile.ts';
import { counterItem, toStoredCount, type StoredCount } from './counts.ts';
import { MAX_TRANSACTION_ITEMS, transact, transactNaming, type TransactItems } from './writes.ts';

const TableName = requireEnv('PETITIONS_TABLE');
const META = 'META';
const COSIGNER = 'COSIGNER#';
const INVITE = 'COSIGN-INVITE#';
const VERSION = 'VERSION#';
/**
 * Translations are items of their own, not a map on META: ten texts of up to 20,000 characters (three
 * bytes each in Georgian or Armenian) would pass DynamoDB's 400 KB item limit, and the sign path,
 * which reads META on every signature, would pay for all of them.
 */
const TRANSLATION = 'TRANSLATION#';
/** Renderings of the texts (see the top of this file for why the two keys differ). */
const ORIGINAL_HTML = 'HTML';
const TRANSLATED_HTML = 'TRANSLATED-HTML#';
/** Sparse index of campaigns by organisation (only META items carry `orgId`). */
const BY_ORG = 'byOrg';

/** The partition of a draft that has claimed no public slug (see the top of this file). */
const draftKey = (orgId: string, slug: string) => `DRAFT#${orgId}#${slug}`;

/** Where a campaign's items are: under its slug, or a private draft's key. */
function keyOf(campaign: Pick<Campaign, 'slug' | 'orgId' | 'privateDraft'>): string {
  return campaign.privateDraft && campaign.orgId ? draftKey(campaign.orgId, campaign.slug) : campaign.slug;
}

interface CampaignItem extends Campaign {
  pk: string;
  sk: typeof META;
  /**
   * The shelf the public list finds it on, through the sparse byStatus index: `open`, or `archive`
   * once closed or delivered (issue #17); absent on drafts. Campaigns closed before the archive
   * existed carry none until their status is next written.
   */
  listStatus?: ListShelf;
  /** Translated titles by language, kept beside `translatedInto` so the list searches them without reading translations. */
  translatedTitles?: Partial<Record<CampaignLanguage, string>>;
}

/** A stored campaign, with the defaults of fields that older items lack. */
function fromItem(item: Record<string, unknown>): Campaign {
  const { pk, sk: _sk, listStatus: _listStatus, ...campaign } = item as unknown as CampaignItem;
  return {
    ...campaign,
    version: campaign.version ?? 1,
    signerFields: campaign.signerFields ?? DEFAULT_SIGNER_FIELDS,
    language: campaign.language ?? 'en',
    translatedInto: campaign.translatedInto ?? [],
    ...(pk !== campaign.slug ? { privateDraft: true as const } : {}),
  };
}

/** The META item of a campaign, stored where keyOf says (whether it is private is the key's to say). */
function metaItem(campaign: Campaign): CampaignItem {
  const { privateDraft: _privateDraft, ...fields } = campaign;
  const shelf = shelfOf(campaign.status);
  return { ...fields, pk: keyOf(campaign), sk: META, ...(shelf ? { listStatus: shelf } : {}) };
}

/** Where the public list finds a campaign of a status: drafts nowhere. */
function shelfOf(status: Campaign['status']): ListShelf | undefined {
  if (status === 'open') return 'open';
  return status === 'closed' || status === 'delivered' ? 'archive' : undefined;
}

const changedMeanwhile = () =>
  conflict('changed', 'changed');

const zeroCount: StoredCount = { count: 0, pending: 0, countries: {}, asOf: undefined };

/** Every item of a Query, page by page. */
async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: documents }, input)) items.push(...(page.Items ?? []));
  return items;
}

function toCosigner(item: Record<string, unknown>): Cosigner {
  return {
    id: item.id as string,
    name: item.name as string,
    country: item.country as string,
    ...(item.website ? { website: item.website as string } : {}),
    signedAt: item.signedAt as string,
  };
}

const bySignedAt = (a: Cosigner, b: Cosigner) => (a.signedAt < b.signedAt ? -1 : a.signedAt > b.signedAt ? 1 : 0);

// --- Reading ---------------------------------------------------------------------------------------

/** The campaign alone: what the sign path needs (one GetItem, no counter). */
export async function getCampaign(slug: string): Promise<Campaign | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: slug, sk: META } }));
  return Item ? fromItem(Item) : undefined;
}

/**
 * One of an organisation's campaigns by slug: the one under the slug if it is theirs, else their
 * private draft of that slug (one BatchGetItem of both). Undefined when they have neither: another
 * organisation's campaign under the slug is not theirs to see.
 */
export async function getOrgCampaign(orgId: string, slug: string): Promise<Campaign | undefined> {
  const keys = [{ pk: slug, sk: META }, { pk: draftKey(orgId, slug), sk: META }];
  const found = await batchGet(keys);
  const open = found.find((item) => item.pk === slug && item.orgId === orgId);
  const draft = found.find((item) => item.pk === keys[1]!.pk);
  const item = open ?? draft;
  return item ? fromItem(item) : undefined;
}

/** A few items by key (one BatchGetItem, asking again for what comes back unprocessed). */
async function batchGet(keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = keys;
  for (let attempt = 0; pending && pending.length > 0; attempt++) {
    if (attempt === 3) throw unavailable();
    const result: BatchGetCommandOutput = await documents.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending } } }));
    found.push(...(result.Responses?.[TableName] ?? []));
    pending = result.UnprocessedKeys?.[TableName]?.Keys;
  }
  return found;
}

function toTextHtml(item: Record<string, unknown> | undefined): StoredTextHtml | undefined {
  if (!item || typeof item.html !== 'string' || typeof item.textHash !== 'string') return undefined;
  return { html: item.html, textHash: item.textHash, rules: Number(item.rules) };
}

/**
 * The public page: the campaign, its counter, its co-signers and its text's stored HTML in one Query
 * (`COSIGNER#..META`). `html` is whatever was stored last: the caller checks it against the text.
 */
export async function getCampaignPage(
  slug: string,
): Promise<{ campaign: Campaign; count: StoredCount; cosigners: Cosigner[]; html?: StoredTextHtml } | undefined> {
  const items = await queryAll({
    TableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': slug, ':from': COSIGNER, ':to': META },
  });
  const meta = items.find((item) => item.sk === META);
  if (!meta) return undefined;
  const counter = items.find((item) => item.sk === 'COUNT');
  const cosigners = items.filter((item) => String(item.sk).startsWith(COSIGNER)).map(toCosigner).sort(bySignedAt);
  const html = toTextHtml(items.find((item) => item.sk === ORIGINAL_HTML));
  return { campaign: fromItem(meta), count: counter ? toStoredCount(counter) : zeroCount, cosigners, ...(html ? { html } : {}) };
}

/** The campaign and its text's stored HTML (one BatchGetItem); undefined when there is no campaign. */
export async function getCampaignWithHtml(slug: string): Promise<{ campaign: Campaign; html?: StoredTextHtml } | undefined> {
  const items = await batchGet([{ pk: slug, sk: META }, { pk: slug, sk: ORIGINAL_HTML }]);
  const meta = items.find((item) => item.sk === META);
  if (!meta) return undefined;
  const html = toTextHtml(items.find((item) => item.sk === ORIGINAL_HTML));
  return { campaign: fromItem(meta), ...(html ? { html } : {}) };
}

/** A translation and its text's stored HTML (one BatchGetItem); undefined when there is no such translation. */
export async function getTranslationWithHtml(
  slug: string,
  lang: CampaignLanguage,
): Promise<{ translation: Translation; html?: StoredTextHtml } | undefined> {
  const items = await batchGet([{ pk: slug, sk: `${TRANSLATION}${lang}` }, { pk: slug, sk: `${TRANSLATED_HTML}${lang}` }]);
  const found = items.find((item) => item.sk === `${TRANSLATION}${lang}`);
  if (!found) return undefined;
  const html = toTextHtml(items.find((item) => item.sk === `${TRANSLATED_HTML}${lang}`));
  return { translation: toTranslation(found), ...(html ? { html } : {}) };
}

/**
 * Stores a text's rendering: the original's (`lang` undefined) or a translation's. Only when what is
 * stored differs (another text or older rules), so a publication delivered again writes nothing. A
 * rendering of a translation removed meanwhile may stay behind: it is never shown, as no text it was
 * made from is shown, and is overwritten if the translation returns.
 */
export async function putTextHtml(slug: string, lang: CampaignLanguage | undefined, rendered: StoredTextHtml): Promise<'written' | 'unchanged'> {
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: { pk: slug, sk: lang ? `${TRANSLATED_HTML}${lang}` : ORIGINAL_HTML, ...rendered },
        ConditionExpression: 'attribute_not_exists(pk) OR textHash <> :hash OR #rules <> :rules',
        ExpressionAttributeNames: { '#rules': 'rules' },
        ExpressionAttributeValues: { ':hash': rendered.textHash, ':rules': rendered.rules },
      }),
    );
    return 'written';
  } catch (error) {
    if (isConditionFailure(error)) return 'unchanged';
    throw error;
  }
}

/** What the organiser's view adds to a campaign: counter, co-signers (one Query) and text versions. */
export async function getCampaignExtras(
  campaign: Campaign,
): Promise<{
  count: StoredCount;
  cosigners: Cosigner[];
  versions: VersionSummary[];
  translations: Partial<Record<CampaignLanguage, Translation>>;
}> {
  const slug = keyOf(campaign);
  const [items, versions, translations] = await Promise.all([
    queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': slug, ':from': COSIGNER, ':to': 'COUNT' },
    }),
    queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
      ExpressionAttributeValues: { ':pk': slug, ':version': VERSION },
      ProjectionExpression: '#version, savedAt',
      ExpressionAttributeNames: { '#version': 'version' },
    }),
    queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :translation)',
      ExpressionAttributeValues: { ':pk': slug, ':translation': TRANSLATION },
    }),
  ]);
  const counter = items.find((item) => item.sk === 'COUNT');
  return {
    translations: Object.fromEntries(translations.map((item) => [item.lang as CampaignLanguage, toTranslation(item)])),
    count: counter ? toStoredCount(counter) : zeroCount,
    cosigners: items.filter((item) => String(item.sk).startsWith(COSIGNER)).map(toCosigner).sort(bySignedAt),
    versions: versions.map((item) => ({ version: Number(item.version), savedAt: item.savedAt as string })),
  };
}

function toTranslation(item: Record<string, unknown>): Translation {
  return {
    title: item.title as string,
    text: item.text as string,
    sourceVersion: Number(item.sourceVersion ?? 1),
    updatedAt: item.updatedAt as string,
    updatedBy: item.updatedBy as string,
  };
}

/** One translation of a campaign (one GetItem), or undefined when there is none in that language. */
export async function getTranslation(slug: string, lang: CampaignLanguage): Promise<Translation | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: slug, sk: `${TRANSLATION}${lang}` } }));
  return Item ? toTranslation(Item) : undefined;
}

/** An earlier text of a campaign, as it was before an edit. */
export async function getVersion(slug: string, version: number) {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: slug, sk: versionKey(version) } }));
  return Item ? { version: Number(Item.version), title: Item.title as string, text: Item.text as string, savedAt: Item.savedAt as string } : undefined;
}

/** Counters of several campaigns (BatchGet, asking again for what comes back unprocessed). */
async function countersOf(slugs: string[]): Promise<Map<string, StoredCount>> {
  const counts = new Map<string, StoredCount>();
  for (let from = 0; from < slugs.length; from += 100) {
    let keys: Record<string, unknown>[] | undefined = slugs.slice(from, from + 100).map((slug) => ({ pk: slug, sk: 'COUNT' }));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      const result: BatchGetCommandOutput = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [TableName]: { Keys: keys, ProjectionExpression: 'pk, #c, #p', ExpressionAttributeNames: { '#c': 'count', '#p': 'pending' } },
          },
        }),
      );
      for (const item of result.Responses?.[TableName] ?? []) counts.set(item.pk as string, toStoredCount(item));
      keys = result.UnprocessedKeys?.[TableName]?.Keys;
    }
  }
  return counts;
}

/** A campaign's translated titles as stored on META (none on campaigns translated before issue #17). */
export function translatedTitlesOf(campaign: Campaign): Partial<Record<CampaignLanguage, string>> {
  return (campaign as Campaign & { translatedTitles?: Partial<Record<CampaignLanguage, string>> }).translatedTitles ?? {};
}

/**
 * Every campaign on one shelf of the public list (the byStatus index, `open` or `archive`), newest
 * first, read whole so that it can be searched and filtered: one Query of 1 MB pages, up to `cap`
 * items (what is beyond is not listed; the README says up to what size that holds). The index
 * projects the whole META item, so a request reads the shelf's META items' size: ⌈bytes / 4 KB⌉ × ½
 * read units (eventually consistent).
 */
export async function listShelf(shelf: ListShelf, cap: number): Promise<Campaign[]> {
  // Its own loop, not paginateQuery: each page asks only for what the cap leaves, so no read is paid past it.
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'listStatus = :shelf',
        ExpressionAttributeValues: { ':shelf': shelf },
        ScanIndexForward: false,
        Limit: cap - items.length,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < cap);
  // A draft never carries listStatus; checked again so that no stray item can list one.
  return items.filter((item) => item.pk === item.slug && item.status !== 'draft').map(fromItem);
}

/** The counters of some campaigns (one BatchGetItem per 100): what a page of the list shows. */
export async function countsOf(slugs: string[]): Promise<Map<string, number>> {
  const counts = await countersOf(slugs);
  return new Map([...counts].map(([slug, count]) => [slug, count.count]));
}

export interface CampaignSummary {
  slug: string;
  kind: Campaign['kind'];
  title: string;
  status: Campaign['status'];
  goal: number;
  createdAt: string;
}

/** An organisation's campaigns, newest first, with their counts (sparse index `byOrg`). */
export async function listOrgCampaigns(orgId: string): Promise<{ campaign: CampaignSummary; count: StoredCount }[]> {
  const items = await queryAll({
    TableName,
    IndexName: BY_ORG,
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
    ScanIndexForward: false,
  });
  const campaigns = items.map((item) => ({
    slug: item.slug as string,
    kind: item.kind as CampaignSummary['kind'],
    title: item.title as string,
    status: item.status as CampaignSummary['status'],
    goal: Number(item.goal),
    createdAt: item.createdAt as string,
  }));
  // A draft has no counter; under its slug may be another organisation's campaign and counter.
  const counts = await countersOf(campaigns.filter((c) => c.status !== 'draft').map((c) => c.slug));
  return campaigns.map((campaign) => ({ campaign, count: (campaign.status !== 'draft' && counts.get(campaign.slug)) || zeroCount }));
}

/**
 * Copies an organisation's public profile onto each of its campaigns (drafts too), so the public
 * answer names the organisation with no read of the organisations table. Each write is conditional
 * on the campaign still being the organisation's and holding an older copy, so a slower save of an
 * older profile never overwrites a newer one. Returns how many campaigns were written.
 */
export async function copyOrganisationProfile(orgId: string, organisation: PublicOrganisation, version: number): Promise<number> {
  const items = await queryAll({
    TableName,
    IndexName: BY_ORG,
    KeyConditionExpression: 'orgId = :org',
    ExpressionAttributeValues: { ':org': orgId },
  });
  let written = 0;
  for (const item of items) {
    try {
      await documents.send(
        new UpdateCommand({
          TableName,
          Key: { pk: item.pk, sk: META },
          UpdateExpression: 'SET #organisation = :organisation, #version = :version',
          ConditionExpression: 'orgId = :org AND (attribute_not_exists(#version) OR #version < :version)',
          ExpressionAttributeNames: { '#organisation': 'organisation', '#version': 'organisationVersion' },
          ExpressionAttributeValues: { ':organisation': organisation, ':version': version, ':org': orgId },
        }),
      );
      written += 1;
    } catch (error) {
      // Moved meanwhile (a draft opened), or a newer copy already there: the next save covers it.
      if (!isConditionFailure(error)) throw error;
    }
  }
  return written;
}

/**
 * Every campaign, page by page (a Scan of META items). For daily jobs only: the petitions table
 * holds few, small items per campaign, so this stays cheap.
 */
export async function* allCampaigns(): AsyncGenerator<Campaign> {
  const pages = paginateScan({ client: documents }, { TableName, FilterExpression: 'sk = :meta', ExpressionAttributeValues: { ':meta': META } });
  for await (const page of pages) for (const item of page.Items ?? []) yield fromItem(item);
}

/**
 * Puts a campaign stored before issue #17 where the list finds it: `listStatus` for its status (closed
 * and delivered campaigns had none, so the archive would miss them) and `translatedTitles` from its
 * translations (read only when missing). Conditional on the status being as read, and it changes
 * nothing else (not `updatedAt`), so an editor racing it loses nothing. True when it wrote.
 */
export async function shelveCampaign(campaign: Campaign): Promise<boolean> {
  if (campaign.privateDraft) return false;
  const raw = campaign as Campaign & { listStatus?: string; translatedTitles?: unknown };
  const shelf = shelfOf(campaign.status);
  const fields: Record<string, unknown> = {};
  if (shelf && raw.listStatus !== shelf) fields.listStatus = shelf;
  if ((campaign.translatedInto ?? []).length > 0 && raw.translatedTitles === undefined) {
    const translations = await queryAll({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :translation)',
      ExpressionAttributeValues: { ':pk': campaign.slug, ':translation': TRANSLATION },
      ProjectionExpression: 'lang, title',
    });
    fields.translatedTitles = Object.fromEntries(translations.map((t) => [t.lang as string, t.title as string]));
  }
  if (Object.keys(fields).length === 0) return false;
  const { names, values, expression } = assignments(fields);
  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: { pk: campaign.slug, sk: META },
        UpdateExpression: expression,
        // Only the shelf to set: written only where it is missing or wrong, so a second run writes nothing.
        ConditionExpression: `attribute_exists(pk) AND #shelveStatus = :shelveStatus${
          fields.translatedTitles === undefined ? ' AND (attribute_not_exists(#listStatus) OR #listStatus <> :listStatus)' : ''
        }`,
        ExpressionAttributeNames: { ...names, '#shelveStatus': 'status' },
        ExpressionAttributeValues: { ...values, ':shelveStatus': campaign.status },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// --- Writing ---------------------------------------------------------------------------------------

/**
 * Creates a campaign; false when the slug is taken. A private draft (the editor's drafts) needs only
 * that its organisation has no campaign under the slug and that no public campaign holds it; an
 * open one claims the slug, with its zeroed counter, and needs that its organisation has no draft of
 * it. A draft gets no counter until it opens: the public count route answers from the counter alone.
 */
export async function createCampaign(campaign: Campaign): Promise<boolean> {
  const meta = { Put: { TableName, Item: metaItem(campaign), ConditionExpression: 'attribute_not_exists(pk)' } };
  if (campaign.privateDraft && campaign.orgId) return transact([meta, slugFreeFor(campaign.orgId, campaign.slug)]);
  return transact([
    meta,
    ...(campaign.status === 'open' ? [{ Put: { TableName, Item: counterItem(campaign.slug, campaign.createdAt) } }] : []),
    ...(campaign.orgId ? [noDraftOf(campaign.orgId, campaign.slug)] : []),
  ]);
}

/**
 * The slug is free for a draft of `orgId`: nothing under it, or only another organisation's draft
 * (stored before drafts were private). A public campaign under it refuses it: that says nothing the
 * public page does not. The organisation's own campaign under it refuses it: its slugs stay unique.
 */
function slugFreeFor(orgId: string, slug: string) {
  return {
    ConditionCheck: {
      TableName,
      Key: { pk: slug, sk: META },
      ConditionExpression: 'attribute_not_exists(pk) OR (#status = :draft AND (attribute_not_exists(orgId) OR orgId <> :org))',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':draft': 'draft', ':org': orgId },
    },
  };
}

/** The organisation has no private draft of this slug. */
function noDraftOf(orgId: string, slug: string) {
  return { ConditionCheck: { TableName, Key: { pk: draftKey(orgId, slug), sk: META }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The counter, zeroed unless it exists: idempotent, so it can go with every opening. */
function ensureCounter(slug: string, now: string) {
  return {
    Update: {
      TableName,
      Key: { pk: slug, sk: 'COUNT' },
      UpdateExpression:
        'SET #count = if_not_exists(#count, :zero), #pending = if_not_exists(#pending, :zero), ' +
        'countries = if_not_exists(countries, :empty), wm = if_not_exists(wm, :empty), updatedAt = if_not_exists(updatedAt, :now)',
      ExpressionAttributeNames: { '#count': 'count', '#pending': 'pending' },
      ExpressionAttributeValues: { ':zero': 0, ':empty': {}, ':now': now },
    },
  };
}

const versionKey = (version: number) => `${VERSION}${String(version).padStart(4, '0')}`;

/** SET and REMOVE clauses for a set of fields (undefined: untouched; null: removed). */
function assignments(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) removes.push(`#${field}`);
    else {
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
  }
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { names, values, expression };
}

/**
 * Writes fields of META on the condition that nobody wrote it since `seen` was read (optimistic
 * concurrency on `updatedAt`). `alongside` are more items for the same transaction.
 */
async function writeMeta(
  seen: Campaign,
  fields: Record<string, unknown>,
  alongside: TransactItems = [],
): Promise<void> {
  const { names, values, expression } = assignments(fields);
  const update = {
    TableName,
    Key: { pk: keyOf(seen), sk: META },
    UpdateExpression: expression,
    ConditionExpression: 'attribute_exists(pk) AND #seenAt = :seenAt',
    ExpressionAttributeNames: { ...names, '#seenAt': 'updatedAt' },
    ExpressionAttributeValues: { ...values, ':seenAt': seen.updatedAt },
  };
  if (alongside.length === 0) {
    try {
      await documents.send(new UpdateCommand(update));
      return;
    } catch (error) {
      if (isConditionFailure(error)) throw changedMeanwhile();
      throw error;
    }
  }
  if (!(await transact([{ Update: update }, ...alongside]))) throw changedMeanwhile();
}

/** The fields of a campaign after a change: null removes one. */
function merged(campaign: Campaign, fields: Record<string, unknown>): Campaign {
  const next: Record<string, unknown> = { ...campaign };
  for (const [field, value] of Object.entries(fields)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as Campaign;
}

/**
 * Applies an organiser's edit to the campaign as it was read. When title or text change on a
 * campaign signers may have read (`keepVersion`), the previous text is kept as `VERSION#<n>` and
 * `version` goes up, in one transaction with the edit. 409 when someone else changed it meanwhile.
 */
export async function updateCampaign(
  seen: Campaign,
  changes: Omit<CampaignUpdate, 'slug'>,
  options: { keepVersion: boolean; by: string; now: Date },
): Promise<Campaign> {
  const at = options.now.toISOString();
  const textChanged =
    (changes.title !== undefined && changes.title !== seen.title) || (changes.text !== undefined && changes.text !== seen.text);
  const fields: Record<string, unknown> = { ...changes, updatedAt: at };
  const alongside = [];
  if (textChanged && options.keepVersion) {
    fields.version = seen.version + 1;
    alongside.push({
      Put: {
        TableName,
        Item: { pk: keyOf(seen), sk: versionKey(seen.version), version: seen.version, title: seen.title, text: seen.text, savedAt: at, savedBy: options.by },
        // The version we are replacing is kept exactly once.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  await writeMeta(seen, fields, alongside);
  return merged(seen, fields);
}

/**
 * Saves a translation and lists its language on META, in one transaction conditional on the campaign
 * being as read: a concurrent change of the original's language cannot leave a translation in it.
 */
export async function putTranslation(
  seen: Campaign,
  lang: CampaignLanguage,
  translation: Translation,
  now: Date,
): Promise<Campaign> {
  const languages = [...new Set([...(seen.translatedInto ?? []), lang])].sort();
  const fields = {
    translatedInto: languages,
    translatedTitles: { ...translatedTitlesOf(seen), [lang]: translation.title },
    updatedAt: now.toISOString(),
  };
  await writeMeta(seen, fields, [
    { Put: { TableName, Item: { pk: keyOf(seen), sk: `${TRANSLATION}${lang}`, lang, ...translation } } },
  ]);
  return merged(seen, fields);
}

/**
 * Deletes a translation, its stored rendering and unlists its language, in one transaction (as
 * putTranslation): a removed text is gone from the table, not kept as HTML nobody is shown.
 */
export async function deleteTranslation(seen: Campaign, lang: CampaignLanguage, now: Date): Promise<Campaign> {
  const languages = (seen.translatedInto ?? []).filter((l) => l !== lang);
  const { [lang]: _removed, ...titles } = translatedTitlesOf(seen);
  const fields = { translatedInto: languages, translatedTitles: titles, updatedAt: now.toISOString() };
  await writeMeta(seen, fields, [
    { Delete: { TableName, Key: { pk: keyOf(seen), sk: `${TRANSLATION}${lang}` } } },
    { Delete: { TableName, Key: { pk: keyOf(seen), sk: `${TRANSLATED_HTML}${lang}` } } },
  ]);
  return merged(seen, fields);
}

/** Moves the campaign to another status (see `transition` in #rules/campaign.ts). */
export async function setStatus(seen: Campaign, change: StatusChange, now: Date): Promise<Campaign> {
  const fields: Record<string, unknown> = {
    status: change.status,
    // The sparse byStatus index lists open campaigns under `open`, closed and delivered under `archive`.
    listStatus: shelfOf(change.status) ?? null,
    updatedAt: now.toISOString(),
    ...(change.openedAt !== undefined ? { openedAt: change.openedAt } : {}),
    ...(change.closedAt !== undefined ? { closedAt: change.closedAt } : {}),
  };
  await writeMeta(seen, fields, change.status === 'open' ? [ensureCounter(seen.slug, now.toISOString())] : []);
  const { listStatus: _listStatus, ...rest } = fields;
  return merged(seen, rest);
}

/**
 * Opens a private draft: it moves to its slug, which it claims now (see moveDraft). Undefined when
 * the slug is taken meanwhile (another organisation's campaign opened under it); 409 `changed` when
 * the draft changed since it was read.
 */
export async function openDraft(seen: Campaign, change: StatusChange, now: Date): Promise<Campaign | undefined> {
  const { privateDraft: _privateDraft, ...rest } = seen;
  const opened = merged(rest as Campaign, { ...change, updatedAt: now.toISOString() });
  return (await moveDraft(seen, opened, now)) ? opened : undefined;
}

/**
 * Gives a private draft another slug, with `changes`: it moves to the draft key of the new slug (see
 * moveDraft). Undefined when the organisation has a campaign under that slug, or a public campaign
 * holds it; 409 `changed` when the draft changed since it was read.
 */
export async function renameDraft(seen: Campaign, slug: string, changes: Omit<CampaignUpdate, 'slug'>, now: Date): Promise<Campaign | undefined> {
  const renamed = merged(seen, { ...changes, slug, updatedAt: now.toISOString() });
  return (await moveDraft(seen, renamed, now)) ? renamed : undefined;
}

/**
 * Moves a private draft's partition to where `next` belongs: its META item (as `next`) and its
 * translations in one transaction, conditional on the draft being as read and the target free.
 * Opening claims the slug with a zeroed counter and takes the co-signing invitations along; a new
 * slug drops them, as their links name the old one. What one transaction does not hold (invitations
 * beyond it) is moved right after, until a strongly consistent Query finds nothing left: nothing can
 * be added to the draft's partition once its META item is gone (addCosignInvite checks it).
 */
async function moveDraft(seen: Campaign, next: Campaign, now: Date): Promise<boolean> {
  const from = keyOf(seen);
  const to = keyOf(next);
  const opening = !next.privateDraft;
  const items: TransactItems = [
    {
      Delete: {
        TableName,
        Key: { pk: from, sk: META },
        ConditionExpression: 'attribute_exists(pk) AND #seenAt = :seenAt',
        ExpressionAttributeNames: { '#seenAt': 'updatedAt' },
        ExpressionAttributeValues: { ':seenAt': seen.updatedAt },
      },
    },
    { Put: { TableName, Item: metaItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
    opening ? ensureCounter(next.slug, now.toISOString()) : slugFreeFor(next.orgId!, next.slug),
  ];
  const [alongside] = packed((await draftExtras(from)).map((item) => moveExtra(item, to, opening)), MAX_TRANSACTION_ITEMS - items.length);
  const written = await transactNaming([...items, ...(alongside ?? [])]);
  if (written !== true) {
    if (written.includes(0)) throw changedMeanwhile();
    if (written.includes(1) || written.includes(2)) return false;
    throw unavailable();
  }
  for (let left = await draftExtras(from); left.length > 0; left = await draftExtras(from)) {
    for (const batch of packed(left.map((item) => moveExtra(item, to, opening)))) await transact(batch);
  }
  return true;
}

/**
 * Groups of writes (an item's delete with its put: never apart, or an item would be lost) packed in
 * order into transactions, the first with `room` items at most, the others with 100.
 */
function packed(groups: TransactItems[], room = MAX_TRANSACTION_ITEMS): TransactItems[] {
  const batches: TransactItems[] = [[]];
  for (const group of groups) {
    const limit = batches.length === 1 ? room : MAX_TRANSACTION_ITEMS;
    if (batches.at(-1)!.length + group.length > limit) batches.push([]);
    batches.at(-1)!.push(...group);
  }
  return batches;
}

/** A draft's items besides META (translations, co-signing invitations), translations first. */
async function draftExtras(key: string): Promise<Record<string, unknown>[]> {
  const items = await queryAll({
    TableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key },
    ConsistentRead: true,
  });
  const rank = (item: Record<string, unknown>) => (String(item.sk).startsWith(TRANSLATION) ? 0 : 1);
  return items.filter((item) => item.sk !== META).sort((a, b) => rank(a) - rank(b));
}

/** The writes that move one of a draft's items to `to` (an invitation is only dropped unless opening). */
function moveExtra(item: Record<string, unknown>, to: string, opening: boolean): TransactItems {
  const drop = { Delete: { TableName, Key: { pk: item.pk, sk: item.sk } } };
  if (!opening && String(item.sk).startsWith(INVITE)) return [drop];
  return [drop, { Put: { TableName, Item: { ...item, pk: to } } }];
}

/** Records the delivery of a closed campaign, which makes it `delivered`. */
export async function recordDelivery(seen: Campaign, delivery: Delivery, now: Date): Promise<Campaign> {
  const fields = { status: 'delivered', delivery, updatedAt: now.toISOString() };
  // On the archive shelf (it was closed, so it is there already unless closed before the archive existed).
  await writeMeta(seen, { ...fields, listStatus: 'archive' });
  return merged(seen, fields);
}

/** Sets (or, with null, removes) the campaign's image, on the condition that nobody changed it since `seen`. */
export async function setCampaignImage(seen: Campaign, image: Campaign['image'] | null, now: Date): Promise<Campaign> {
  const fields = { image, updatedAt: now.toISOString() };
  await writeMeta(seen, fields);
  return merged(seen, fields);
}

/** Records that the retention job erased this campaign's personal data (counts are kept). */
export async function markPersonalDataErased(slug: string, at: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName,
      Key: { pk: slug, sk: META },
      UpdateExpression: 'SET personalDataErasedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

// --- Co-signing organisations ----------------------------------------------------------------------

/** Stores a co-signing invitation (only the token's hash); DynamoDB deletes it by TTL when unused. */
export async function putCosignInvite(slug: string, tokenHash: string, createdBy: string, now: Date, expiresAt: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName,
      Item: {
        pk: slug,
        sk: `${INVITE}${tokenHash}`,
        createdAt: now.toISOString(),
        createdBy,
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
      },
    }),
  );
}

/**
 * Stores a co-signing invitation in the campaign's partition. A private draft's only while the draft
 * is there (false once it has opened or moved meanwhile), so none is left behind by a move.
 */
export async function addCosignInvite(campaign: Campaign, tokenHash: string, createdBy: string, now: Date, expiresAt: Date): Promise<boolean> {
  if (!campaign.privateDraft) {
    await putCosignInvite(campaign.slug, tokenHash, createdBy, now, expiresAt);
    return true;
  }
  const key = keyOf(campaign);
  return transact([
    {
      Put: {
        TableName,
        Item: { pk: key, sk: `${INVITE}${tokenHash}`, createdAt: now.toISOString(), createdBy, expiresAt: Math.floor(expiresAt.getTime() / 1000) },
      },
    },
    { ConditionCheck: { TableName, Key: { pk: key, sk: META }, ConditionExpression: 'attribute_exists(pk)' } },
  ]);
}

/**
 * When a co-signing invitation stops working, or undefined when there is none (used, never issued, or
 * deleted by TTL). Reading only: opening an invitation link spends nothing. Strongly consistent, so a
 * link used a moment ago reads as used.
 */
export async function getCosignInviteExpiry(slug: string, tokenHash: string): Promise<Date | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName, Key: { pk: slug, sk: `${INVITE}${tokenHash}` }, ProjectionExpression: 'expiresAt', ConsistentRead: true }),
  );
  return typeof Item?.expiresAt === 'number' ? new Date(Item.expiresAt * 1000) : undefined;
}

export type CosignOutcome = 'added' | 'invalid-invite' | 'not-accepting';

/**
 * Spends an invitation and adds the co-signer in one transaction, so an invitation adds exactly one
 * organisation however often it is sent. The campaign must still be `open` or `closed` then.
 */
export async function addCosigner(slug: string, tokenHash: string, cosigner: Cosigner, now: Date): Promise<CosignOutcome> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName,
              Key: { pk: slug, sk: `${INVITE}${tokenHash}` },
              // TTL deletes late, never early: an expired invitation may still be there.
              ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
              ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
            },
          },
          {
            Put: {
              TableName,
              Item: { pk: slug, sk: `${COSIGNER}${cosigner.id}`, ...cosigner },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName,
              Key: { pk: slug, sk: META },
              ConditionExpression: '#status IN (:open, :closed)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open', ':closed': 'closed' },
            },
          },
        ],
      }),
    );
    return 'added';
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'invalid-invite';
    if (reasons[2]?.Code === 'ConditionalCheckFailed') return 'not-accepting';
    throw unavailable();
  }
}
