/**
 * For unit tests of organiser handlers with DynamoDB mocked: what the access checks read. A session
 * is one BatchGetItem of the member and the session's record; an API token is its lookup, then its
 * maker's membership; a campaign (requireCampaign) one BatchGetItem of the item under its slug and
 * the organisation's draft of it. The session record is answered for any session id: whether a
 * session is still open is proved against DynamoDB Local (test/integration/access-ends.test.ts).
 */
import { BatchGetCommand, GetCommand, type BatchGetCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { memberIdOf, type Role } from '#rules/organisation.ts';
import { unitEnv } from './unit-env.ts';

type DocumentStub = AwsClientStub<DynamoDBDocumentClient>;

const TableName = unitEnv.ORGANISATIONS_TABLE;
const farFuture = Math.floor(Date.now() / 1000) + 86_400;

/** The member item of `email` in `orgId` as stored. */
export function memberItem(orgId: string, email: string, role: Role) {
  const memberId = memberIdOf(email);
  return { pk: `ORG#${orgId}`, sk: `MEMBER#${memberId}`, memberId, email, role, addedAt: '2026-01-01T00:00:00.000Z' };
}

/**
 * Sessions of `email` in `orgId` read as that member with `role` (replacing what an earlier call
 * said); any other address reads as no member. `campaigns` are petitions-table items (with `pk` and
 * `sk`) that batch reads find.
 */
export function mockSessionMember(ddb: DocumentStub, orgId: string, email: string, role: Role, campaigns: Record<string, unknown>[] = []): void {
  const member = memberItem(orgId, email, role);
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const responses: Record<string, Record<string, unknown>[]> = {};
    for (const [table, { Keys = [] }] of Object.entries(input.RequestItems ?? {})) {
      responses[table] = (Keys as { pk: string; sk: string }[]).flatMap((key): Record<string, unknown>[] => {
        if (table === unitEnv.PETITIONS_TABLE) return campaigns.filter((item) => item.pk === key.pk && item.sk === key.sk);
        if (key.pk === member.pk && key.sk === member.sk) return [member];
        if (key.sk.startsWith('SESSION#')) return [{ ...key, expiresAt: farFuture }];
        return [];
      });
    }
    return { Responses: responses };
  });
}

/** An API token (any value) of `orgId` with `role`, made by an owner who still is one. */
export function mockApiToken(ddb: DocumentStub, orgId: string, role: 'editor' | 'viewer'): void {
  const maker = memberItem(orgId, 'maker@coalition.example', 'owner');
  ddb.on(GetCommand, { TableName }).callsFake((input: { Key: { pk: string; sk: string } }) => {
    if (input.Key.sk === 'TOKEN') return { Item: { orgId, tokenId: 't1', role, createdBy: maker.memberId } };
    if (input.Key.sk === maker.sk) return { Item: maker };
    return {};
  });
}
