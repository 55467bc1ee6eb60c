/**
 * Signatures, write-sharded: partition `<slug>#<nn>`, sort key the keyed hash of the email. Every
 * write here touches one signer's own item, never a shared one; the stream does the counting.
 *
 * An item holds no personal data in clear: `pii` is a map of AES-GCM sealed fields (name, email,
 * comment) under the wrapped data key `dataKey` (see #lib/field-crypto.ts), and the link token is
 * stored only as its hash. Only a confirmed signer who chose the public list carries a clear `label`
 * ("Nadia K."), which is exactly what the public page shows.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import { conditionalUpdate, transact } from './writes.ts';

const TableName = requireEnv('SIGNATURES_TABLE');
export const LISTED_INDEX = 'listed';

export type SignatureStatus = 'pending' | 'confirmed';

export interface SignatureKey {
  pk: string;
  sk: string;
}

/** The sealed personal fields of one signature and the wrapped key that opens them. */
export interface SealedPersonalData {
  dataKey: string;
  pii: Record<string, string>;
}

export interface SignatureItem extends SignatureKey, SealedPersonalData {
  slug: string;
  status: SignatureStatus;
  /** Absent when the campaign does not ask for a country, or the signer chose not to say. */
  country?: string;
  showName: boolean;
  /** The campaign's text version the signer read (see `version` on the campaign). */
  textVersion?: number;
  /** Signed through the embeddable widget on this site (and tag); absent on our own page. Never public. */
  source?: { host: string; tag?: string };
  tokenHash: string;
  /** ISO time after which the link no longer confirms. */
  tokenExpiresAt: string;
  createdAt: string;
  confirmedAt?: string;
  /** TTL (epoch seconds): an unconfirmed signature deletes itself; removed on confirmation. */
  expiresAt?: number;
  label?: string;
  listKey?: string;
  listedAt?: string;
  erasedAt?: string;
}

/** A fresh link for an existing signature, and (while pending) what the signer sent this time. */
export interface Refresh {
  tokenHash: string;
  tokenExpiresAt: string;
  expiresAt: number;
}

export type PutOutcome = { outcome: 'created' } | { outcome: 'exists'; status: string | undefined };

/** Writes a new pending signature unless this signer already has one; then says what is there. */
export async function putPending(item: SignatureItem): Promise<PutOutcome> {
  try {
    await documents.send(
      new PutCommand({
        TableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { outcome: 'created' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The existing item comes back in raw attribute-value form (the document client does not
    // unmarshall error payloads); read it if it did not come back at all.
    const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
    const existing = raw ? unmarshall(raw) : await getSignature(item);
    return { outcome: 'exists', status: existing?.status as string | undefined };
  }
}

/**
 * A repeat signature while the first is unconfirmed: the latest submission replaces the earlier one
 * (someone who signed in another's name is overridden by the owner of the address) and the new link
 * replaces the old. False if the item is no longer pending.
 */
export async function refreshPending(
  key: SignatureKey,
  fields: Pick<SignatureItem, 'dataKey' | 'pii' | 'country' | 'showName' | 'textVersion' | 'source'>,
  refresh: Refresh,
): Promise<boolean> {
  // A campaign may not ask for a country: then this submission has none, and neither has the item.
  // Likewise the source: the latest submission says where it was made (the widget, or our page).
  const country = fields.country === undefined ? {} : { ':country': fields.country };
  const textVersion = fields.textVersion === undefined ? {} : { ':textVersion': fields.textVersion };
  const source = fields.source === undefined ? {} : { ':source': fields.source };
  const removals = [fields.country === undefined ? 'country' : '', fields.source === undefined ? '#source' : ''].filter(Boolean);
  return conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression:
      'SET dataKey = :dataKey, pii = :pii, ' +
      (fields.country === undefined ? '' : 'country = :country, ') +
      (fields.textVersion === undefined ? '' : 'textVersion = :textVersion, ') +
      (fields.source === undefined ? '' : '#source = :source, ') +
      'showName = :showName, tokenHash = :tokenHash, tokenExpiresAt = :tokenExpiresAt, expiresAt = :expiresAt' +
      (removals.length ? ` REMOVE ${removals.join(', ')}` : ''),
    ConditionExpression: '#status = :pending',
    // `source` is a DynamoDB reserved word.
    ExpressionAttributeNames: { '#status': 'status', '#source': 'source' },
    ExpressionAttributeValues: {
      ':dataKey': fields.dataKey,
      ':pii': fields.pii,
      ...country,
      ...source,
      ...textVersion,
      ':showName': fields.showName,
      ':tokenHash': refresh.tokenHash,
      ':tokenExpiresAt': refresh.tokenExpiresAt,
      ':expiresAt': refresh.expiresAt,
      ':pending': 'pending',
    },
  });
}

/**
 * A repeat signature from a confirmed signer: nothing about the signature changes, but the new mail
 * carries a fresh withdrawal link, so the signer can always withdraw from their latest mail.
 */
export async function renewConfirmedLink(key: SignatureKey, tokenHash: string): Promise<boolean> {
  return conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression: 'SET tokenHash = :tokenHash',
    ConditionExpression: '#status = :confirmed',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':tokenHash': tokenHash, ':confirmed': 'confirmed' },
  });
}

export async function getSignature(key: SignatureKey): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
  );
  return Item;
}

/** The public-list entry of a confirmed signer who asked for one. */
export interface Listing {
  label: string;
  listKey: string;
  listedAt: string;
}

/**
 * Confirms a pending signature whose link hash is still `tokenHash`. The TTL is removed (a confirmed
 * signature stays until withdrawn or erased by retention). False if it was not pending with that link.
 */
export async function markConfirmed(key: SignatureKey, tokenHash: string, confirmedAt: string, listing?: Listing): Promise<boolean> {
  const values: Record<string, unknown> = {
    ':tokenHash': tokenHash,
    ':pending': 'pending',
    ':confirmed': 'confirmed',
    ':at': confirmedAt,
  };
  const sets = ['#status = :confirmed', 'confirmedAt = :at'];
  if (listing) {
    Object.assign(values, { ':label': listing.label, ':listKey': listing.listKey, ':listedAt': listing.listedAt });
    sets.push('label = :label', 'listKey = :listKey', 'listedAt = :listedAt');
  }
  return conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression: `SET ${sets.join(', ')} REMOVE expiresAt`,
    ConditionExpression: '#status = :pending AND tokenHash = :tokenHash',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
  });
}

/**
 * Withdraws a signature: deletes the signer's item (name, email, comment, link, keyed hash: all of it)
 * and leaves in the same partition an anonymous tombstone under a random key, holding only the day.
 * One transaction, so there is never a moment with neither. The delete's stream record lowers the
 * count exactly once; signing again later simply writes a new item. False if the link no longer
 * matches (already withdrawn, or a newer link was sent).
 */
export async function withdrawSignature(key: SignatureKey, tokenHash: string, tombstone: { sk: string; slug: string; day: string }): Promise<boolean> {
  return transact([
    {
      Delete: {
        TableName,
        Key: { pk: key.pk, sk: key.sk },
        ConditionExpression: 'tokenHash = :tokenHash',
        ExpressionAttributeValues: { ':tokenHash': tokenHash },
      },
    },
    {
      Put: {
        TableName,
        Item: { pk: key.pk, sk: tombstone.sk, slug: tombstone.slug, status: 'withdrawn', withdrawnOn: tombstone.day },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
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

/** Every item of one signature partition, page by page, with only the attributes asked for. */
export async function* signaturesIn(pk: string, attributes: string[]): AsyncGenerator<Record<string, unknown>> {
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
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * Retention: removes a confirmed signature's personal data (sealed fields, data key, public label)
 * and keeps what the count needs (status, country). The status is unchanged, so the count is too.
 */
export async function erasePersonalData(key: SignatureKey, erasedAt: string): Promise<void> {
  await conditionalUpdate({
    TableName,
    Key: { pk: key.pk, sk: key.sk },
    UpdateExpression: 'SET erasedAt = :at REMOVE pii, dataKey, label, listKey, listedAt, showName',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': erasedAt },
  });
}

/** Retention: an unconfirmed signature has nothing worth keeping; deleting it lowers `pending`. */
export async function deleteUnconfirmed(key: SignatureKey): Promise<void> {
  await documents
    .send(
      new DeleteCommand({
        TableName,
        Key: { pk: key.pk, sk: key.sk },
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

