/**
 * One record of the signatures table's stream as a count change (#rules/counts.ts sums them). This is
 * the adapter half of the count path: it knows the table's keys and the stream's image format
 * (DynamoDB attribute values), so the rules that turn changes into a counter write stay free of both.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { signatureChange, type SignatureChange, type SignatureImage } from '#rules/counts.ts';
import { parseSignaturePartition } from '#rules/signature-keys.ts';

function imageOf(raw: Record<string, unknown> | undefined): SignatureImage | undefined {
  return raw ? (unmarshall(raw as Record<string, AttributeValue>) as SignatureImage) : undefined;
}

/** One stream record as a count change, or undefined for records that are not signatures. */
export function toChange(record: DynamoDBRecord, now = Date.now()): SignatureChange | undefined {
  const data = record.dynamodb;
  const pk = data?.Keys?.pk?.S;
  const sequence = data?.SequenceNumber;
  if (!pk || !sequence) return undefined;
  const where = parseSignaturePartition(pk);
  if (!where) return undefined;
  const before = imageOf(data.OldImage as Record<string, unknown> | undefined);
  const after = imageOf(data.NewImage as Record<string, unknown> | undefined);
  // Epoch seconds in the event; absent only in hand-made events.
  const at = data.ApproximateCreationDateTime ? data.ApproximateCreationDateTime * 1000 : now;
  return signatureChange(where, sequence, { before, after }, at);
}
