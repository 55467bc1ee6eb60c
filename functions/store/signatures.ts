/**
 * Signatures, write-sharded: partition `<slug>#<nn>`, sort key the signer's keyed hash on the campaign
 * (#rules/signature-keys.ts). Every write here touches one signer's own items, never a shared one; the stream
 * does the counting. A partition holds four kinds of item:
 *
 * - signature  `<signer id>`          confirmed; counted
 * - submission `sub#<token hash>`     what one sign request sent, until its link confirms it or expires
 * - tombstone  `withdrawn#<uuid>`     a withdrawal, holding only the day
 * - erased     `erased#<uuid>`        a signature after retention: counted, tied to nobody
 *
 * No item holds personal data in clear: `pii` is a map of AES-GCM sealed fields (name, email,
 * comment) under the wrapped data key `dataKey` (see #crypto/field-crypto.ts), sealed for the signature's
 * own key, and link tokens are stored only as hashes. Only a confirmed signer who chose the public
 * list carries a clear `label` ("Nadia K."), which is exactly what the public page shows.
 */
import { BatchGetCommand, DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { unavailable } from '#lib/errors.ts';
import { conditionalUpdate, transact, type TransactItems } from './writes.ts';

const TableName = requireEnv('SIGNATURES_TABLE');
export const LISTED_INDEX = 'listed';

export interface SignatureKey {
  pk: string;
  sk: string;
}

/** The sealed personal fields of one signature and the wrapped key that opens them. */
export interface SealedPersonalData {
  dataKey: string;
  pii: Record<string, string>;
}

/** A confirmed signature: exactly what the submission its signer confirmed said. */
export interface SignatureItem extends SignatureKey, SealedPersonalData {
  slug: string;
  status: 'confirmed';
  /** Absent when the campaign does not ask for a country, or the signer chose not to say. */
  country?: string;
  showName: boolean;
  /** The campaign's text version the signer read (see `version` on the campaign). */
  textVersion?: number;
  /** Signed through the embeddable widget on this site (and tag); absent on our own page. Never public. */
  source?: { host: string; tag?: string };
  /** The hash of the token in the confirmed submission's mail: its withdraw link keeps working. */
  tokenHash: string;
  createdAt: string;
  confirmedAt: string;
  label?: string;
  listKey?: string;
  listedAt?: string;
}

/**
 * What one sign request sent: sealed like a signature (name, email, comment, and for a moment the
 * link token and the network address, which the mailer removes once it has used them), beside the
 * signature it may become. Status `pending` until its link confirms it (`used`); it deletes itself
 * by TTL a day after its link expires.
 */
export interface SubmissionItem extends SignatureKey, SealedPersonalData {
  slug: string;
  status: 'pending' | 'used';
  /** The signature's sort key (the signer's keyed hash on this campaign). */
  signer: string;
  country?: string;
  showName: boolean;
  textVersion?: number;
  source?: { host: string; tag?: string };
  /** The language the signer used: the mail is written in it. */
  lang: string;
  tokenExpiresAt: string;
  createdAt: string;
  expiresAt: number;
  /** Set by the mailer once it has answered: which mail went (`confirm`, `already-signed`) or `none`. */
  answered?: string;
}

/**
 * Stores a submission and spends its proof of work in one transaction: both or neither, so a
 * replayed challenge stores nothing, and a failed write spends nothing. False when the challenge
 * was spent already (a submission's key is a fresh token's hash and never collides).
 */
export async function putSubmission(item: SubmissionItem, spentChallenge: TransactItems[number]): Promise<boolean> {
  return transact([spentChallenge, { Put: { TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }]);
}

/** A submission and the signature it would become, read together and strongly consistent. */
export async function readSubmission(
  submission: SignatureKey,
  signature: SignatureKey,
): Promise<{ submission?: Record<string, unknown>; signature?: Record<string, unknown> }> {
  let keys: SignatureKey[] = [submission, signature];
  const found: Record<string, unknown>[] = [];
  // BatchGetItem may leave keys unprocessed under load; ask again for those (the SDK retries throttling).
  for (let round = 0; keys.length > 0; round++) {
    if (round === 5) throw unavailable();
    const out = await documents.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }));
    found.push(...(out.Responses?.[TableName] ?? []));
    keys = (out.UnprocessedKeys?.[TableName]?.Keys ?? []) as SignatureKey[];
  }
  const at = (key: SignatureKey) => found.find((item) => item.pk === key.pk && item.sk === key.sk);
  return { submission: at(submission), signature: at(signature) };
}

/**
 * The mailer's mark on a submission it has answered, and what it no longer needs: the sealed link
 * token and network address always (`keep` is what stays sealed: name, email, comment), and for a
 * submission that cannot be confirmed (its signer had signed already, or no mail went), every sealed
 * field. False if it was answered before (a redelivered record), is gone, or was confirmed meanwhile.
 * (The map is set whole rather than its fields removed: removing a field of a map that a confirmation
 * has just removed is an error, not a no-op.)
 */
export async function markAnswered(key: SignatureKey, answer: 'confirm' | 'already-signed' | 'none', keep: Record<string, string> = {}): Promise<boolean> {
  const confirmable = answer === 'confirm';
  return conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression: confirmable ? 'SET answered = :answer, pii = :pii' : 'SET answered = :answer REMOVE pii, dataKey',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answered) AND #status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':answer': answer, ':pending': 'pending', ...(confirmable ? { ':pii': keep } : {}) },
  });
}

/** The public-list entry of a confirmed signer who asked for one. */
export interface Listing {
  label: string;
  listKey: string;
  listedAt: string;
}

/**
 * Confirms a submission: the signature becomes exactly what it says (replacing what an earlier
 * confirmation of the same signer said), and the submission is spent, keeping nothing sealed. One
 * transaction, conditional on the submission still pending with this link. False if it is not.
 */
export async function confirmSubmission(submission: SignatureKey, signature: SignatureItem): Promise<boolean> {
  return transact([
    { Put: { TableName, Item: signature } },
    {
      Update: {
        TableName,
        Key: { pk: submission.pk, sk: submission.sk },
        UpdateExpression: 'SET #status = :used REMOVE pii, dataKey',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':used': 'used', ':pending': 'pending' },
      },
    },
  ]);
}

export async function getSignature(key: SignatureKey): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
  );
  return Item;
}

/**
 * Withdraws: deletes the signature (name, email, comment, link, keyed hash: all of it) and leaves in
 * the same partition an anonymous tombstone under a random key, holding only the day; the submission
 * whose link was used goes too. Without a signature (the link's submission was never confirmed), only
 * the submission goes, and nothing was counted to take back. One transaction, conditional on what was
 * read, so there is never a moment with neither. The signature's delete lowers the count once through
 * the stream; signing again later simply makes a new submission. False if something changed meanwhile.
 */
export async function withdrawSignature(
  found: { signature?: SignatureKey & { tokenHash: string }; submission?: SignatureKey },
  tombstone: { sk: string; slug: string; day: string },
): Promise<boolean> {
  const items: TransactItems = [];
  if (found.signature) {
    const { pk, sk, tokenHash } = found.signature;
    items.push(
      { Delete: { TableName, Key: { pk, sk }, ConditionExpression: 'tokenHash = :tokenHash', ExpressionAttributeValues: { ':tokenHash': tokenHash } } },
      { Put: { TableName, Item: { pk, sk: tombstone.sk, slug: tombstone.slug, status: 'withdrawn', withdrawnOn: tombstone.day }, ConditionExpression: 'attribute_not_exists(pk)' } },
    );
  }
  if (found.submission) {
    items.push({ Delete: { TableName, Key: { pk: found.submission.pk, sk: found.submission.sk }, ConditionExpression: 'attribute_exists(pk)' } });
  }
  return items.length > 0 && transact(items);
}

/** The most recent public-list entries of one signature partition (the sparse `listed` index). */
export async function listedIn(listKey: string, limit: number): Promise<{ label: string; country?: string; listedAt: string }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      IndexName: LISTED_INDEX,
      KeyConditionExpression: 'listKey = :k',
      ExpressionAttributeValues: { ':k': listKey },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => ({
    label: String(item.label),
    // Absent when the campaign does not ask for a country, or the signer did not give one.
    ...(typeof item.country === 'string' ? { country: item.country } : {}),
    listedAt: String(item.listedAt),
  }));
}

/**
 * Every item of one signature partition, page by page, with only the attributes asked for.
 * `consistent`: a strongly consistent read (twice the read cost), which sees every write acknowledged
 * before it began — what an export needs, so that one started after a withdrawal cannot hold the
 * signer, and what a recount needs to be exact.
 */
export async function* signaturesIn(pk: string, attributes: string[], { consistent = false } = {}): AsyncGenerator<Record<string, unknown>> {
  const names = Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        ExclusiveStartKey,
        ConsistentRead: consistent,
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * Retention, step one: removes a confirmed signature's personal data (sealed fields, data key, public
 * label) and its withdraw link, and keeps what the count needs (status, country). The status is
 * unchanged, so the count is too.
 */
export async function erasePersonalData(key: SignatureKey, erasedAt: string): Promise<void> {
  await conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression: 'SET erasedAt = :at REMOVE pii, dataKey, label, listKey, listedAt, showName, tokenHash',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': erasedAt },
  });
}

/**
 * Retention, step two: the erased signature moves to a random key (`erased#<uuid>`), keeping only
 * what counts (status, country, widget source, text version, the day it was confirmed), so that
 * nothing ties it to an email any more, even for someone holding HASH_KEY: the keyed hash was its key,
 * and the token hash its withdraw link. One transaction, so it is counted in exactly one place; the
 * stream sees a move, not a withdrawal and a new signature (#rules/counts.ts).
 */
export async function anonymiseErased(item: Record<string, unknown>, newSk: string): Promise<boolean> {
  const kept: Record<string, unknown> = { pk: item.pk, sk: newSk, slug: item.slug, status: item.status, erasedAt: item.erasedAt };
  for (const name of ['country', 'source', 'textVersion'] as const) if (item[name] !== undefined) kept[name] = item[name];
  if (typeof item.confirmedAt === 'string') kept.confirmedOn = item.confirmedAt.slice(0, 10);
  return transact([
    { Delete: { TableName, Key: { pk: item.pk, sk: item.sk }, ConditionExpression: 'attribute_exists(erasedAt)' } },
    { Put: { TableName, Item: kept, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
}

/** Retention: a submission has nothing worth keeping; deleting a pending one lowers `pending`. */
export async function deleteSubmission(key: SignatureKey): Promise<void> {
  await documents.send(new DeleteCommand({ TableName, Key: { pk: key.pk, sk: key.sk } }));
}
