/**
 * Organisations, members, sign-in requests, one-time sign-in links and API tokens, in the
 * organisations table. The layout is in docs/organisers.md and docs/data-model.md. Every write that keeps two items in step (a member and the
 * address's list of organisations; a token and its listing) is one transaction.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure, unavailable } from '#lib/errors.ts';
import { isLanguage, type Language } from '#lib/language.ts';
import { transact } from './writes.ts';
import { memberIdOf, organiserEmail, type Role } from '#domain/organisation.ts';

const TableName = requireEnv('ORGANISATIONS_TABLE');

const orgKey = (orgId: string) => `ORG#${orgId}`;
const userKey = (email: string) => `USER#${organiserEmail(email)}`;

export interface Organisation {
  orgId: string;
  name: string;
  createdAt: string;
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

function memberItems(orgId: string, member: Member) {
  return [
    { Put: { TableName, Item: { pk: orgKey(orgId), sk: `MEMBER#${member.memberId}`, ...member }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName, Item: { pk: userKey(member.email), sk: orgKey(orgId), orgId, role: member.role } } },
  ];
}

/** A new organisation with its first owner; false if the id is taken. */
export async function createOrganisation(org: Organisation, ownerEmail: string): Promise<boolean> {
  const email = organiserEmail(ownerEmail);
  const owner: Member = { memberId: memberIdOf(email), email, role: 'owner', addedAt: org.createdAt };
  return transact([
    { Put: { TableName, Item: { pk: orgKey(org.orgId), sk: 'META', ...org }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ...memberItems(org.orgId, owner),
  ]);
}

export async function getOrganisation(orgId: string): Promise<Organisation | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: orgKey(orgId), sk: 'META' } }));
  return Item ? { orgId: Item.orgId as string, name: Item.name as string, createdAt: Item.createdAt as string } : undefined;
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

export async function getMember(orgId: string, memberId: string): Promise<Member | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: orgKey(orgId), sk: `MEMBER#${memberId}` } }));
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

/** Adds a member; false when the address is a member already. */
export async function addMember(orgId: string, email: string, role: Role, addedBy: string, now: string): Promise<Member | undefined> {
  const address = organiserEmail(email);
  const member: Member = { memberId: memberIdOf(address), email: address, role, addedAt: now, addedBy };
  return (await transact(memberItems(orgId, member))) ? member : undefined;
}

/** Changes a role in both places at once; false if the member is gone. */
export async function setMemberRole(orgId: string, member: Member, role: Role): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName,
        Key: { pk: orgKey(orgId), sk: `MEMBER#${member.memberId}` },
        UpdateExpression: 'SET #role = :role',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': role },
      },
    },
    { Put: { TableName, Item: { pk: userKey(member.email), sk: orgKey(orgId), orgId, role } } },
  ]);
}

export async function removeMember(orgId: string, member: Member): Promise<void> {
  await transact([
    { Delete: { TableName, Key: { pk: orgKey(orgId), sk: `MEMBER#${member.memberId}` } } },
    { Delete: { TableName, Key: { pk: userKey(member.email), sk: orgKey(orgId) } } },
  ]);
}

// --- Sign-in requests ----------------------------------------------------------------------------

/** Sort key of every sign-in request: the stream consumer's event filter picks them out by it. */
export const SIGN_IN_REQUEST_SK = 'SIGN-IN-REQUEST';

/**
 * Someone asked for a sign-in link and has not been answered yet (see #domain/sign-in-requests.ts).
 * The address is sealed like a signer's, so the table holds no stranger's address in clear.
 */
export interface SignInRequest {
  key: { pk: string; sk: string };
  /** The address, sealed under `dataKey` and bound to `key` (#lib/field-crypto.ts). */
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

export async function createApiToken(record: ApiTokenRecord, tokenHash: string): Promise<void> {
  const created = await transact([
    { Put: { TableName, Item: { pk: `TOKEN#${tokenHash}`, sk: 'TOKEN', orgId: record.orgId, tokenId: record.tokenId, role: record.role }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName, Item: { pk: orgKey(record.orgId), sk: `TOKEN#${record.tokenId}`, ...record, hash: tokenHash }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  // 256 random bits do not collide; a false here means something else is wrong.
  if (!created) throw unavailable();
}

export async function findApiToken(tokenHash: string): Promise<{ orgId: string; tokenId: string; role: Role } | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' } }));
  return Item ? { orgId: Item.orgId as string, tokenId: Item.tokenId as string, role: Item.role as Role } : undefined;
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
  const { Item } = await documents.send(new GetCommand({ TableName, Key: { pk: orgKey(orgId), sk: `TOKEN#${tokenId}` } }));
  if (!Item) return false;
  return transact([
    { Delete: { TableName, Key: { pk: orgKey(orgId), sk: `TOKEN#${tokenId}` }, ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { TableName, Key: { pk: `TOKEN#${Item.hash as string}`, sk: 'TOKEN' } } },
  ]);
}
