/**
 * Dedup, mail quota and sharding under concurrency, against DynamoDB Local: one signer's signature is
 * one item keyed by their keyed hash, whatever races; the recipient's quota holds however many
 * requests race; not luck of timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { httpEvent } from '../unit/http-event.ts';

/** A number written in letters (0 → A … 9 → J): the name rule refuses digits in a name. */
const lettersOf = (n: number) => String(n).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);

let env: Awaited<ReturnType<typeof useLocalTables>>;
let signHandler: typeof import('#http/sign.ts').handler;
let drain: () => Promise<void>;

let challenge: () => Promise<string>;
const event = (slug: string, body: unknown) =>
  httpEvent({ path: `/api/campaigns/${slug}/signatures`, pathParameters: { slug }, body: JSON.stringify(body) });

beforeAll(async () => {
  env = await useLocalTables();
  ({ handler: signHandler } = await import('#http/sign.ts'));
  const { challengeSecret, createSignChallenge } = await import('#rules/challenge.ts');
  const { solve } = await import('../support/signer.ts');
  // Each request carries its own solved challenge, as each browser would.
  challenge = async () => solve(await createSignChallenge(challengeSecret(process.env.HASH_KEY!)));
  const stream = await env.signatureStream();
  drain = () => stream.drain();
  const { seedCampaign } = await import('../support/campaigns.ts');
  for (const slug of ['one-email', 'many-emails']) {
    await seedCampaign(slug, { kind: 'petition', targets: [{ name: 'City Hall' }], goal: 1000 });
  }
});

afterAll(() => env?.cleanup());

/** Items per signature partition: `sub#` submissions, or signatures (sort key: the signer id). */
async function storedItems(slug: string, kind: 'submissions' | 'signatures') {
  const { signaturesIn } = await import('#store/signatures.ts');
  const { allSignaturePartitions, isSubmissionKey } = await import('#rules/signature-keys.ts');
  const byShard = new Map<string, number>();
  for (const pk of allSignaturePartitions(slug, 16)) {
    for await (const item of signaturesIn(pk, ['pk', 'sk'])) {
      if (isSubmissionKey(String(item.sk)) === (kind === 'submissions')) byShard.set(pk, (byShard.get(pk) ?? 0) + 1);
    }
  }
  return byShard;
}
const total = (byShard: Map<string, number>) => [...byShard.values()].reduce((a, b) => a + b, 0);

describe('concurrent signatures', () => {
  it('100 requests with one email racing: each a submission, at most 3 mails, one signature and a count of one', { timeout: 90_000 }, async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        challenge().then((altcha) =>
          signHandler(event('one-email', { name: `Same Person ${lettersOf(i)}`, email: 'same@example.org', country: 'AZ', altcha }), {} as never),
        ),
      ),
    );
    expect(new Set(responses.map((r) => `${r.statusCode} ${r.body}`))).toEqual(new Set(['202 {"status":"received"}']));
    expect(total(await storedItems('one-email', 'submissions'))).toBe(100);
    expect(total(await storedItems('one-email', 'signatures'))).toBe(0);

    // The mailer answers them all: the address gets its quota of mails, no more.
    await drain();
    const { readMailbox, linksIn } = await import('../support/mailbox.ts');
    const mails = (await readMailbox(env.mailbox)).filter((m) => m.destination.to.includes('same@example.org'));
    expect(mails).toHaveLength(3);
    // Every link the owner received confirms; one signature stands, counted once.
    const { confirm } = await import('#usecases/confirmation.ts');
    await Promise.all(mails.map((m) => linksIn(m).confirm!).map((link) => confirm('one-email', link.id, link.token)));
    await drain();
    expect(total(await storedItems('one-email', 'signatures'))).toBe(1);
    const { getCount } = await import('#store/counts.ts');
    // The 97 submissions that got no mail await their expiry; only organisers see them as pending.
    expect(await getCount('one-email')).toMatchObject({ count: 1, pending: 97 });
  });

  it('spreads 400 different signers over the shards and counts every one', { timeout: 90_000 }, async () => {
    const responses = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        challenge().then((altcha) =>
          signHandler(event('many-emails', { name: `Signer ${lettersOf(i)}`, email: `signer${i}@example.org`, country: 'KZ', altcha }), {} as never),
        ),
      ),
    );
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
    const shards = await storedItems('many-emails', 'submissions');
    expect(shards.size).toBe(16);
    // HMAC output is uniform: no shard should hold more than twice its fair share (25).
    expect(Math.max(...shards.values())).toBeLessThan(50);

    await drain();
    const { getCount } = await import('#store/counts.ts');
    expect(await getCount('many-emails')).toMatchObject({ count: 0, pending: 400 });

    // Every signer confirms from their mail: all 400 move from pending to counted, on every shard.
    const { readMailbox, linksIn } = await import('../support/mailbox.ts');
    const { confirm } = await import('#usecases/confirmation.ts');
    const links = (await readMailbox(env.mailbox)).map((m) => linksIn(m).confirm).filter((l) => l?.slug === 'many-emails');
    expect(links).toHaveLength(400);
    await Promise.all(links.map((link) => confirm('many-emails', link!.id, link!.token)));
    await drain();
    expect(await getCount('many-emails')).toMatchObject({ count: 400, pending: 0, countries: { KZ: 400 } });
    expect(total(await storedItems('many-emails', 'signatures'))).toBe(400);
  });
});
