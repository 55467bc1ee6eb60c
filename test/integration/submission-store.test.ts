/**
 * The submission's writes against DynamoDB Local, where a mock would accept anything: a confirmation
 * that lands between the mail and the mailer's mark (a person quicker than the mark's round trip)
 * leaves the mark a harmless no-op, not an error that would fail the batch.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { rawItems } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
beforeAll(async () => {
  env = await useLocalTables();
});
afterAll(() => env?.cleanup());

describe("the mailer's mark", () => {
  it('after a confirmation got there first: false, nothing re-sealed, and the signature as confirmed', async () => {
    const store = await import('#store/signatures.ts');
    const { spentChallengeItem } = await import('#store/signals.ts');
    const key = { pk: 'race#00', sk: `sub#${'a'.repeat(64)}` };
    const sealed = { name: 'v1.name', email: 'v1.email', token: 'v1.token', ip: 'v1.ip' };
    const submission = {
      ...key, slug: 'race', status: 'pending' as const, signer: 'b'.repeat(64), dataKey: 'file:k', pii: sealed, showName: false,
      lang: 'en', tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(), createdAt: new Date().toISOString(), expiresAt: 2e9,
    };
    expect(await store.putSubmission(submission, spentChallengeItem(randomUUID(), 2e9))).toBe(true);
    const now = new Date().toISOString();
    const signature = { pk: key.pk, sk: submission.signer, slug: 'race', status: 'confirmed' as const, dataKey: 'file:k', pii: { name: 'v1.name', email: 'v1.email' }, showName: false, tokenHash: 'a'.repeat(64), createdAt: now, confirmedAt: now };
    expect(await store.confirmSubmission(key, signature)).toBe(true);

    expect(await store.markAnswered(key, 'confirm', { name: 'v1.name', email: 'v1.email' })).toBe(false);
    const items = await rawItems(env.tables.SIGNATURES_TABLE!, 'race#');
    expect(items.find((i) => i.sk === key.sk)).toEqual(expect.objectContaining({ status: 'used' }));
    expect(items.find((i) => i.sk === key.sk)).not.toHaveProperty('pii');
    expect(items.find((i) => i.sk === submission.signer)).toMatchObject({ status: 'confirmed' });
  });

  it('before one: the token and the address go, what Confirm needs stays', async () => {
    const store = await import('#store/signatures.ts');
    const { spentChallengeItem } = await import('#store/signals.ts');
    const key = { pk: 'race#01', sk: `sub#${'c'.repeat(64)}` };
    const submission = {
      ...key, slug: 'race', status: 'pending' as const, signer: 'd'.repeat(64), dataKey: 'file:k', pii: { name: 'v1.n', email: 'v1.e', token: 'v1.t', ip: 'v1.i' }, showName: false,
      lang: 'en', tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(), createdAt: new Date().toISOString(), expiresAt: 2e9,
    };
    expect(await store.putSubmission(submission, spentChallengeItem(randomUUID(), 2e9))).toBe(true);
    expect(await store.markAnswered(key, 'confirm', { name: 'v1.n', email: 'v1.e' })).toBe(true);
    expect(await store.markAnswered(key, 'confirm', { name: 'v1.n', email: 'v1.e' })).toBe(false);
    const [item] = (await rawItems(env.tables.SIGNATURES_TABLE!, 'race#01'));
    expect(item).toMatchObject({ answered: 'confirm', pii: { name: 'v1.n', email: 'v1.e' } });
  });
});
