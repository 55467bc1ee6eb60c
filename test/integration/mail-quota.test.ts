/**
 * The per-recipient mail quota against DynamoDB Local: a recipient gets at most the limit per period
 * however many requests race, other recipients and scopes are untouched, and the stored items name
 * no address, domain or campaign.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { useLocalTables } from '../support/local-tables.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let quota: typeof import('#usecases/mail-quota.ts');

beforeAll(async () => {
  env = await useLocalTables();
  quota = await import('#usecases/mail-quota.ts');
});
afterAll(() => env?.cleanup());

const secret = 'k'.repeat(64);
const noon = new Date('2026-12-06T12:00:00Z');

describe('mail quota', () => {
  it('lets exactly the limit through when 20 requests race, per recipient and scope', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => quota.mayMail(secret, 'sign', 'free-nadia', 'Nadia@example.org', noon)));
    expect(results.filter(Boolean)).toHaveLength(quota.MAIL_QUOTAS.sign.limit);
    // Another spelling of the same Gmail mailbox shares the quota; another campaign or address does not.
    await Promise.all(Array.from({ length: 3 }, () => quota.mayMail(secret, 'sign', 'free-nadia', 'ni.no+x@gmail.com', noon)));
    expect(await quota.mayMail(secret, 'sign', 'free-nadia', 'nino@googlemail.com', noon)).toBe(false);
    expect(await quota.mayMail(secret, 'sign', 'other-campaign', 'nadia@example.org', noon)).toBe(true);
    expect(await quota.mayMail(secret, 'sign', 'free-nadia', 'levan@example.org', noon)).toBe(true);
  });

  it('starts afresh in the next period: an hour for sign-in, a day for signatures', async () => {
    for (let i = 0; i < quota.MAIL_QUOTAS['sign-in'].limit; i++) expect(await quota.mayMail(secret, 'sign-in', '', 'org@example.org', noon)).toBe(true);
    expect(await quota.mayMail(secret, 'sign-in', '', 'org@example.org', new Date('2026-12-06T12:59:59Z'))).toBe(false);
    expect(await quota.mayMail(secret, 'sign-in', '', 'org@example.org', new Date('2026-12-06T13:00:00Z'))).toBe(true);
    expect(await quota.mayMail(secret, 'sign', 'free-nadia', 'nadia@example.org', new Date('2026-12-07T00:00:00Z'))).toBe(true);
  });

  it('stores nothing that names an address, a domain or a campaign, and every item expires', async () => {
    const { Items = [] } = await env.client.send(new ScanCommand({ TableName: env.tables.SIGNALS_TABLE }));
    expect(Items.length).toBeGreaterThan(0);
    const dump = JSON.stringify(Items).toLowerCase();
    for (const needle of ['nadia', 'nino', 'levan', 'example', 'gmail', 'free-nadia', 'other-campaign', 'org@']) expect(dump).not.toContain(needle);
    for (const item of Items) expect(Number(item.expiresAt?.N)).toBeGreaterThan(noon.getTime() / 1000);
  });
});
