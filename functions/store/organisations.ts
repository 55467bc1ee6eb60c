/**
 * Organisations, members, sign-in requests, one-time sign-in links, API tokens and sessions, in the
 * organisations table. The layout is in docs/organisers.md and docs/data-model.md. Every write that
 * keeps two items in step (a member and the address's list of organisations; a token and its listing;
 * an owner and the organisation's count of owners) is one transaction.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure, unavailable } from '#lib/errors.ts';
import { isLanguage, type Language } from '#lib/language.ts';
import { MAX_TRANSACTION_ITEMS, transact, transactNaming, type TransactItems } from './writes.ts';
import { memberIdOf, organiserEmail, type Role } from '#rules/organisation.ts';
import { publicProfile, type OrganisationLogo } from '#rules/organisation-profile.ts';
import { ORG_PROFILE_FIELDS, type OrgProfileField } from '#rules/limits.ts';

const TableName = requireEnv('ORGANISATIONS_TABLE');

const orgKey = (orgId: string) => `ORG#${orgId}`;
const userKey = (email: string) => `USER#${organiserEmail(email)}`;
const metaKey = (orgId: string) => ({ pk: orgKey(orgId), sk: 'META' });
const memberKey = (orgId: string, memberId: string) => ({ pk: orgKey(orgId), sk: `MEMBER#${memberId}` });
const tokenListingKey = (orgId: string, tokenId: string) => ({ pk: orgKey(orgId), sk: `TOKEN#${tokenId}` });
const tokenLookupKey = (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' });
/** A member's sessions sort together, so removing the member finds them all with one Query. */
const sessionPrefix = (memberId: string) => `SESSION#${memberId}#`;
const sessionKey = (orgId: string, memberId: string, sessionHash: string) => ({ pk: orgKey(orgId), sk: `${sessionPrefix(memberId)}${sessionHash}` });

export interface Organisation {
  orgId: string;
  name: string;
  createdAt: string;
  /** The public profile besides the name (issue #17); each absent until an owner sets it. */
  country?: string;
  website?: string;
  contact?: string;
  controller?: string;
  /** The published logo (issue #17, item 4); absent until an owner attaches one. */
  logo?: OrganisationLogo;
  /** Goes up by one with every profile change: campaigns' copies of the profile keep the latest. */
  profileVersion?: number;
}

export interface Member {
  memberId: string;
  email: string;
  role: Role;
  addedAt: string;
  addedBy?: string;
}

export interface ApiTokenRecord {
  tokenId: string;
  orgId: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
}

function memberItems(orgId: string, member: Member): TransactItems {
  return [
    { Put: { TableName, Item: { ...memberKey(orgId, member.memberId), ...member }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName, Item: { pk: userKey(member.email), sk: orgKey(orgId), orgId, role: member.role } } },
  ];
}

// --- The count of owners ------------------------------------------------------------------------
//
// `owners` on the organisation's META item is the number of its members whose role is owner. Every
// write that makes or unmakes an owner changes it in the same transaction, conditional on the
// member's role being what the writer read; a decrement is conditional on `owners > 1`. So two owners
// demoting or removing each other at once cannot both succeed: the second transaction finds a count
// of 1 (or conflicts with the first and is answered 503), and the organisation keeps an owner.

/** The count goes up by one: only where it exists (ensureOwnerCount makes it). */
const ownerAdded = (orgId: string) => ({
  Update: {
    TableName,
    Key: metaKey(orgId),
    UpdateExpression: 'SET owners = owners + :one',
    ConditionExpression: 'attribute_exists(owners)',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/** The count goes down by one, never to zero. */
const ownerGone = (orgId: string) => ({
  Update: {
    TableName,
    Key: metaKey(orgId),
    UpdateExpression: 'SET owners = owners - :one',
    ConditionExpression: 'owners > :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/**
 * Organisations stored before the count existed get it on first need: their owners counted (a
 * strongly consistent Query) and the count set only if still absent. Every owner change needs the
 * count, so none can slip between the counting and the setting. True if the count was just made.
 */
export async function ensureOwnerCount(orgId: string): Promise<boolean> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: metaKey(orgId), ConsistentRead: true }));
  if (!Item || typeof Item.owners === 'number') return false;
  const owners = (await queryAll(orgId, 'MEMBER#')).filter((item) => item.role === 'owner').length;
  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: metaKey(orgId),
        UpdateExpression: 'SET owners = :owners',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(owners)',
        ExpressionAttributeValues: { ':owners': owners },
      }),
    );
    return true;
  } catch (error) {
    // Another request counted first: the same number, or a later one.
    if (isConditionFailure(error)) return true;
    throw error;
  }
}

/** Every item of the organisation's partition under a sort-key prefix, strongly consistent. */
async function queryAll(orgId: string, prefix: string, filter?: { createdBy: string }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': orgKey(orgId), ':prefix': prefix, ...(filter ? { ':by': filter.createdBy } : {}) },
        ...(filter ? { FilterExpression: 'createdBy = :by' } : {}),
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A new organisation with its first owner (and a count of one owner); false if the id is taken. */
export async function createOrganisation(org: Organisation, ownerEmail: string): Promise<boolean> {
  const email = organiserEmail(ownerEmail);
  const owner: Member = { memberId: memberIdOf(email), email, role: 'owner', addedAt: org.createdAt };
  return transact([
    { Put: { TableName, Item: { ...metaKey(org.orgId), ...org, owners: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...memberItems(org.orgId, owner),
  ]);
}

export async function getOrganisation(orgId: string): Promise<Organisation | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: metaKey(orgId) }));
  return Item ? toOrganisation(Item) : undefined;
}

function toOrganisation(item: Record<string, unknown>): Organisation {
  return {
    ...publicProfile(item),
    orgId: item.orgId as string,
    name: item.name as string,
    createdAt: item.createdAt as string,
    ...(typeof item.profileVersion === 'number' ? { profileVersion: item.profileVersion } : {}),
  };
}

/**
 * Changes the profile's fields given (`""` clears one; the name cannot be cleared) and bumps
 * `profileVersion`, in one update; undefined when the organisation is gone.
 */
export async function updateProfile(orgId: string, changes: Partial<Record<OrgProfileField, string>>, at: string): Promise<Organisation | undefined> {
  const names: Record<string, string> = { '#version': 'profileVersion', '#at': 'profileUpdatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':at': at };
  const set = ['#at = :at'];
  const remove: string[] = [];
  for (const field of ORG_PROFILE_FIELDS) {
    const value = changes[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === '' && field !== 'name') remove.push(`#${field}`);
    else {
      values[`:${field}`] = value;
      set.push(`#${field} = :${field}`);
    }
  }
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName,
        Key: metaKey(orgId),
        UpdateExpression: `SET ${set.join(', ')} ADD #version :one${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toOrganisation(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Sets the organisation's logo (or removes it: `undefined`) and bumps `profileVersion`, in one update,
 * as updateProfile does for the other fields; undefined when the organisation is gone, or when there
 * was no logo to remove (then nothing is written).
 */
export async function setProfileLogo(orgId: string, logo: OrganisationLogo | undefined, at: string): Promise<Organisation | undefined> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName,
        Key: metaKey(orgId),
        UpdateExpression: `SET #at = :at${logo ? ', #logo = :logo' : ''} ADD #version :one${logo ? '' : ' REMOVE #logo'}`,
        // Removing a logo that is not there writes nothing (no new version, nothing to copy).
        ConditionExpression: logo ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND attribute_exists(#logo)',
        ExpressionAttributeNames: { '#version': 'profileVersion', '#at': 'profileUpdatedAt', '#logo': 'logo' },
        ExpressionAttributeValues: { ':one': 1, ':at': at, ...(logo ? { ':logo': { src: logo.src, width: logo.width, height: logo.height } } : {}) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toOrganisation(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

function toMember(item: Record<string, unknown>): Member {
  return {
    memberId: item.memberId as string,
    email: item.email as string,
    role: item.role as Role,
    addedAt: item.addedAt as string,
    ...(item.addedBy ? { addedBy: item.addedBy as string } : {}),
  };
}

/** `consistent`: a strongly consistent read, for access checks that must see a removal at once. */
export async function getMember(orgId: string, memberId: string, consistent = false): Promise<Member | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: memberKey(orgId, memberId), ConsistentRead: consistent }));
  return Item ? toMember(Item) : undefined;
}

export async function listMembers(orgId: string): Promise<Member[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: { ':pk': orgKey(orgId), ':member': 'MEMBER#' },
    }),
  );
  return Items.map(toMember);
}

/** The organisations an address belongs to (usually one). */
export async function membershipsOf(email: string): Promise<{ orgId: string; role: Role }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': userKey(email) } }),
  );
  return Items.map((item) => ({ orgId: item.orgId as string, role: item.role as Role }));
}

/** Adds a member; undefined when the address is a member already. An owner counts as one. */
export async function addMember(orgId: string, email: string, role: Role, addedBy: string, now: string): Promise<Member | undefined> {
  const address = organiserEmail(email);
  const member: Member = { memberId: memberIdOf(address), email: address, role, addedAt: now, addedBy };
  if (role !== 'owner') return (await transact(memberItems(orgId, member))) ? member : undefined;
  await ensureOwnerCount(orgId);
  const written = await transactNaming([...memberItems(orgId, member), ownerAdded(orgId)]);
  if (written === true) return member;
  if (written.includes(0)) return undefined;
  // The count is made before the write and never removed: a refusal here is a store fault.
  throw unavailable();
}

/**
 * What became of a change to a member: done; refused because the member is no longer as read (gone,
 * or their role changed: read again and decide again); or refused because it would leave no owner.
 */
export type MemberChange = 'done' | 'changed-meanwhile' | 'last-owner';

/**
 * Changes a member's role in both places at once, conditional on the role as read (`member.role`),
 * with the count of owners. A member who is no longer an owner loses the API tokens they made, in
 * the same transaction as far as it holds them, and the rest right after.
 */
export async function setMemberRole(orgId: string, member: Member, role: Role): Promise<MemberChange> {
  const items: TransactItems = [
    {
      Update: {
        TableName,
        Key: memberKey(orgId, member.memberId),
        UpdateExpression: 'SET #role = :role',
        ConditionExpression: '#role = :seen',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': role, ':seen': member.role },
      },
    },
    { Put: { TableName, Item: { pk: userKey(member.email), sk: orgKey(orgId), orgId, role } } },
  ];
  if (member.role === 'owner' && role !== 'owner') items.push(ownerGone(orgId));
  if (member.role !== 'owner' && role === 'owner') items.push(ownerAdded(orgId));
  const losesTokens = role !== 'owner';
  const revocations = losesTokens ? await tokenDeletes(orgId, member.memberId) : [];
  const outcome = await changeMember(orgId, items, revocations);
  if (outcome === 'done' && losesTokens) await sweep(() => tokenDeletes(orgId, member.memberId));
  return outcome;
}

/**
 * Removes a member, conditional on their role as read, with the count of owners; their API tokens and
 * sessions go too (in the same transaction as far as it holds them, the rest right after), so a
 * cookie kept from before cannot come back to life should the address be invited again.
 */
export async function removeMember(orgId: string, member: Member): Promise<MemberChange> {
  const items: TransactItems = [
    {
      Delete: {
        TableName,
        Key: memberKey(orgId, member.memberId),
        ConditionExpression: '#role = :seen',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':seen': member.role },
      },
    },
    { Delete: { TableName, Key: { pk: userKey(member.email), sk: orgKey(orgId) } } },
  ];
  if (member.role === 'owner') items.push(ownerGone(orgId));
  const leftovers = async () => [...(await tokenDeletes(orgId, member.memberId)), ...(await sessionDeletes(orgId, member.memberId))];
  const outcome = await changeMember(orgId, items, await leftovers());
  if (outcome === 'done') await sweep(leftovers);
  return outcome;
}

/**
 * Writes a member change (its first item the member, any META update last of `items`) with as many
 * of `alongside` as one transaction holds. A refused count is either the last owner or an
 * organisation without a count yet: that one gets its count, and the change is tried once more.
 */
async function changeMember(orgId: string, items: TransactItems, alongside: TransactItems): Promise<MemberChange> {
  const room = MAX_TRANSACTION_ITEMS - items.length;
  for (let attempt = 0; ; attempt++) {
    const written = await transactNaming([...items, ...alongside.slice(0, room)]);
    if (written === true) return 'done';
    if (written.includes(0)) return 'changed-meanwhile';
    const countRefused = items.some((item, index) => item.Update?.Key?.sk === 'META' && written.includes(index));
    if (!countRefused) throw unavailable();
    if (attempt > 0 || !(await ensureOwnerCount(orgId))) return 'last-owner';
  }
}

/**
 * Deletes what a Query finds until it finds nothing: what did not fit in the change's transaction,
 * and anything made while it ran (a token or session is made only while its member is an owner or a
 * member, a condition checked in its own transaction, so once the change is written nothing new can
 * appear and a strongly consistent Query sees all that did).
 */
async function sweep(find: () => Promise<TransactItems>): Promise<void> {
  for (let items = await find(); items.length > 0; items = await find()) {
    for (let from = 0; from < items.length; from += MAX_TRANSACTION_ITEMS) {
      await transact(items.slice(from, from + MAX_TRANSACTION_ITEMS));
    }
  }
}

/** Deletes of every API token a member made: the lookups (which let a request in) first. */
async function tokenDeletes(orgId: string, memberId: string): Promise<TransactItems> {
  const listings = await queryAll(orgId, 'TOKEN#', { createdBy: memberId });
  return [
    ...listings.map((item) => ({ Delete: { TableName, Key: tokenLookupKey(item.hash as string) } })),
    ...listings.map((item) => ({ Delete: { TableName, Key: tokenListingKey(orgId, item.tokenId as string) } })),
  ];
}

async function sessionDeletes(orgId: string, memberId: string): Promise<TransactItems> {
  const sessions = await queryAll(orgId, sessionPrefix(memberId));
  return sessions.map((item) => ({ Delete: { TableName, Key: { pk: item.pk, sk: item.sk } } }));
}

// --- Sign-in requests ----------------------------------------------------------------------------

/** Sort key of every sign-in request: the stream consumer's event filter picks them out by it. */
export const SIGN_IN_REQUEST_SK = 'SIGN-IN-REQUEST';

/**
 * Someone asked for a sign-in link and has not been answered yet (see #usecases/sign-in-requests.ts).
 * The address is sealed like a signer's, so the table holds no stranger's address in clear.
 */
export interface SignInRequest {
  key: { pk: string; sk: string };
  /** The address, sealed under `dataKey` and bound to `key` (#crypto/field-crypto.ts). */
  sealedEmail: string;
  dataKey: string;
  /** The asking page's language: the mail is written in it. */
  lang: Language;
  requestedAt: string;
}

export function signInRequestKey(id: string): { pk: string; sk: string } {
  return { pk: `SIGN-IN-REQUEST#${id}`, sk: SIGN_IN_REQUEST_SK };
}

/** One unconditional PutItem: the same write whoever the address belongs to. */
export async function putSignInRequest(request: SignInRequest, expiresAt: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName,
      Item: {
        ...request.key,
        pii: { email: request.sealedEmail },
        dataKey: request.dataKey,
        lang: request.lang,
        requestedAt: request.requestedAt,
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
      },
    }),
  );
}

/** The request an item (a stream record's new image) holds, if it is one. */
export function toSignInRequest(item: Record<string, unknown>): SignInRequest | undefined {
  const pii = item.pii as { email?: unknown } | undefined;
  if (item.sk !== SIGN_IN_REQUEST_SK || typeof item.pk !== 'string' || typeof pii?.email !== 'string' || typeof item.dataKey !== 'string') {
    return undefined;
  }
  return {
    key: { pk: item.pk, sk: SIGN_IN_REQUEST_SK },
    sealedEmail: pii.email,
    dataKey: item.dataKey,
    lang: isLanguage(item.lang) ? item.lang : 'en',
    requestedAt: String(item.requestedAt ?? ''),
  };
}

/**
 * Takes a request to answer it: deleted if it is still there. False when it is gone already, i.e. an
 * earlier delivery of the same stream record answered it.
 */
export async function claimSignInRequest(key: { pk: string; sk: string }): Promise<boolean> {
  try {
    await documents.send(new DeleteCommand({ TableName, Key: key, ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// --- One-time sign-in links ---------------------------------------------------------------------

export async function putSignInLink(tokenHash: string, email: string, expiresAt: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName,
      Item: { pk: `LOGIN#${tokenHash}`, sk: 'LOGIN', email: organiserEmail(email), expiresAt: Math.floor(expiresAt.getTime() / 1000) },
    }),
  );
}

/**
 * Spends a sign-in link: deleted as it is read, so it works once however many tabs race for it.
 * Undefined when unknown, spent or expired (TTL deletes late, so expiry is checked here too).
 */
export async function takeSignInLink(tokenHash: string, now: Date): Promise<string | undefined> {
  try {
    const { Attributes } = await documents.send(
      new DeleteCommand({
        TableName,
        Key: { pk: `LOGIN#${tokenHash}`, sk: 'LOGIN' },
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes || Number(Attributes.expiresAt) * 1000 <= now.getTime()) return undefined;
    return Attributes.email as string;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

// --- API tokens -----------------------------------------------------------------------------------

/**
 * Stores a new token (its lookup by hash and its listing), conditional on its maker still being an
 * owner: a removal or demotion racing the creation either comes first (and the token is refused) or
 * second (and its sweep finds the token). False when the maker is no longer an owner.
 */
export async function createApiToken(record: ApiTokenRecord, tokenHash: string): Promise<boolean> {
  const { orgId, tokenId, role, createdBy } = record;
  const written = await transactNaming([
    { Put: { TableName, Item: { ...tokenLookupKey(tokenHash), orgId, tokenId, role, createdBy }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName, Item: { ...tokenListingKey(orgId, tokenId), ...record, hash: tokenHash }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      ConditionCheck: {
        TableName,
        Key: memberKey(orgId, createdBy),
        ConditionExpression: '#role = :owner',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':owner': 'owner' },
      },
    },
  ]);
  if (written === true) return true;
  if (written.includes(2)) return false;
  // 256 random bits do not collide; a refusal of the puts means something else is wrong.
  throw unavailable();
}

export interface FoundApiToken {
  orgId: string;
  tokenId: string;
  role: Role;
  /** Member id of its maker; absent on tokens stored before makers were kept on the lookup. */
  createdBy?: string;
}

export async function findApiToken(tokenHash: string): Promise<FoundApiToken | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: tokenLookupKey(tokenHash) }));
  if (!Item) return undefined;
  return {
    orgId: Item.orgId as string,
    tokenId: Item.tokenId as string,
    role: Item.role as Role,
    ...(typeof Item.createdBy === 'string' ? { createdBy: Item.createdBy } : {}),
  };
}

/** Who made a token, from its listing: for lookups stored before they carried it. */
export async function apiTokenMaker(orgId: string, tokenId: string): Promise<string | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: tokenListingKey(orgId, tokenId), ProjectionExpression: 'createdBy' }));
  return typeof Item?.createdBy === 'string' ? Item.createdBy : undefined;
}

export async function listApiTokens(orgId: string): Promise<ApiTokenRecord[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :token)',
      ExpressionAttributeValues: { ':pk': orgKey(orgId), ':token': 'TOKEN#' },
    }),
  );
  return Items.map((item) => ({
    tokenId: item.tokenId as string,
    orgId: item.orgId as string,
    name: item.name as string,
    role: item.role as Role,
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
  }));
}

/** Revokes a token: its lookup item and its listing go together. False if there is no such token. */
export async function revokeApiToken(orgId: string, tokenId: string): Promise<boolean> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: tokenListingKey(orgId, tokenId) }));
  if (!Item) return false;
  return transact([
    { Delete: { TableName, Key: tokenListingKey(orgId, tokenId), ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { TableName, Key: tokenLookupKey(Item.hash as string) } },
  ]);
}

// --- Sessions -------------------------------------------------------------------------------------
//
// A session cookie names a random session id; the server keeps its SHA-256 under the member, with a
// TTL. Signing out deletes it, so a copy of the cookie kept from before signs nobody in.

/**
 * Records a session, conditional on the member existing: a removal racing a sign-in cannot leave
 * behind a session that a later invitation of the same address would bring back. False if the
 * address is not (or no longer) a member.
 */
export async function putSession(orgId: string, memberId: string, sessionHash: string, expiresAt: Date, now: Date): Promise<boolean> {
  return transact([
    {
      Put: {
        TableName,
        Item: { ...sessionKey(orgId, memberId, sessionHash), memberId, createdAt: now.toISOString(), expiresAt: Math.floor(expiresAt.getTime() / 1000) },
      },
    },
    { ConditionCheck: { TableName, Key: memberKey(orgId, memberId), ConditionExpression: 'attribute_exists(pk)' } },
  ]);
}

/**
 * The member and their session, in one round trip (BatchGetItem, asking again for what comes back
 * unprocessed). Strongly consistent: a session ended or a member removed a moment ago is gone here.
 * `sessionExpiresAt` is undefined when there is no such session.
 */
export async function getMemberSession(
  orgId: string,
  memberId: string,
  sessionHash: string,
): Promise<{ member?: Member; sessionExpiresAt?: Date }> {
  const wanted = [memberKey(orgId, memberId), sessionKey(orgId, memberId, sessionHash)];
  const found: Record<string, unknown>[] = [];
  let keys: Record<string, unknown>[] | undefined = wanted;
  for (let attempt = 0; keys && keys.length > 0; attempt++) {
    if (attempt === 3) throw unavailable();
    const result: BatchGetCommandOutput = await documents.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }));
    found.push(...(result.Responses?.[TableName] ?? []));
    keys = result.UnprocessedKeys?.[TableName]?.Keys;
  }
  const member = found.find((item) => item.sk === wanted[0]!.sk);
  const session = found.find((item) => item.sk === wanted[1]!.sk);
  return {
    ...(member ? { member: toMember(member) } : {}),
    ...(session ? { sessionExpiresAt: new Date(Number(session.expiresAt) * 1000) } : {}),
  };
}

export async function deleteSession(orgId: string, memberId: string, sessionHash: string): Promise<void> {
  await documents.send(new DeleteCommand({ TableName, Key: sessionKey(orgId, memberId, sessionHash) }));
}
