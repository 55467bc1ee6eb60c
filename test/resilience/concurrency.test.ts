/**
 * Issue #7, item 2: races against real engines. The real HTTP handlers (sign, confirm, withdraw) hit
 * DynamoDB Local all at once while the real stream handler counts from DynamoDB Local's Streams
 * through the poller, and the mailer answers submissions from the same stream, both running alongside
 * as Lambda would. What must hold: one email is one signature however many requests race, and gets
 * no more mails than its quota; one link confirms once however often it is clicked at once; and
 * whatever order signing, confirming and withdrawing interleave in, the counter ends equal to what
 * the signature items say, and a recount (functions/jobs/recount.ts) finds no drift.
 *
 * test/integration/concurrency.test.ts has the quicker 100-request version of the first race; the
 * setup here is the same (its event shape, cheap proof of work from useLocalTables, a solved
 * challenge per request as each browser would send).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from 'aws-lambda';
import { useLocalTables } from '../support/local-tables.ts';
import { linksIn, readMailbox, type SignatureLink } from '../support/mailbox.ts';

type Handler = (event: never, context: Context) => Promise<{ statusCode?: number; body?: string } | void>;
type Response = { status: number; json: any; headers: Record<string, string | number | boolean> };

let env: Awaited<ReturnType<typeof useLocalTables>>;
let signHandler: Handler;
let confirmHandler: Handler;
let withdrawHandler: Handler;
let challenge: () => Promise<string>;
let getCount: typeof import('#store/counts.ts').getCount;
let recount: typeof import('#jobs/recount.ts').recount;
let poller: ReturnType<Awaited<ReturnType<typeof useLocalTables>>['poller']>;
let mailer: ReturnType<Awaited<ReturnType<typeof useLocalTables>>['poller']>;
const pollerErrors: unknown[] = [];

/** A number written in letters (0 → A … 9 → J): the name rule refuses digits in a name. */
const lettersOf = (n: number) => String(n).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);

/** An API Gateway (payload v2) event, as in test/integration/concurrency.test.ts. */
const event = (routeKey: string, path: string, pathParameters: Record<string, string>, body: unknown) =>
  ({
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters,
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {} as never,
  }) as never;

async function call(handler: Handler, e: never): Promise<Response> {
  const result = (await handler(e, {} as Context)) as { statusCode: number; body?: string; headers?: Response['headers'] };
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined, headers: result.headers ?? {} };
}

async function sign(slug: string, signer: { name: string; email: string; country?: string }): Promise<Response> {
  const altcha = await challenge();
  const body = { country: 'AZ', ...signer, altcha };
  return call(signHandler, event('POST /api/campaigns/{slug}/signatures', `/api/campaigns/${slug}/signatures`, { slug }, body));
}

const confirmLink = (link: SignatureLink) =>
  call(
    confirmHandler,
    event('POST /api/campaigns/{slug}/signatures/{id}/confirm', `/api/campaigns/${link.slug}/signatures/${link.id}/confirm`, { slug: link.slug, id: link.id }, { token: link.token }),
  );

const withdrawLink = (link: SignatureLink) =>
  call(
    withdrawHandler,
    event('POST /api/campaigns/{slug}/signatures/{id}/withdraw', `/api/campaigns/${link.slug}/signatures/${link.id}/withdraw`, { slug: link.slug, id: link.id }, { token: link.token }),
  );

/** Every confirm and withdraw link mailed to each address for one campaign, oldest first. */
async function mailedLinks(slug: string): Promise<Map<string, { confirm: SignatureLink[]; withdraw: SignatureLink[] }>> {
  const byAddress = new Map<string, { confirm: SignatureLink[]; withdraw: SignatureLink[] }>();
  for (const message of await readMailbox(env.mailbox)) {
    const links = linksIn(message);
    const slugOf = links.confirm?.slug ?? links.withdraw?.slug;
    if (slugOf !== slug) continue;
    const to = message.destination.to[0]!.replace(/^.*<|>.*$/g, '').toLowerCase();
    const entry = byAddress.get(to) ?? { confirm: [], withdraw: [] };
    if (links.confirm) entry.confirm.push(links.confirm);
    if (links.withdraw) entry.withdraw.push(links.withdraw);
    byAddress.set(to, entry);
  }
  return byAddress;
}

/** What the items of a campaign say: confirmed signatures, pending submissions, withdrawal tombstones. */
async function itemStates(slug: string) {
  const { signaturesIn } = await import('#store/signatures.ts');
  const { allSignaturePartitions } = await import('#rules/signature-keys.ts');
  const states = { confirmed: 0, pending: 0, withdrawn: 0, countries: {} as Record<string, number> };
  for (const pk of allSignaturePartitions(slug, 16)) {
    for await (const item of signaturesIn(pk, ['status', 'country'])) {
      const status = item.status as 'confirmed' | 'pending' | 'withdrawn' | 'used';
      if (status === 'used') continue;
      states[status]++;
      if (status === 'confirmed') states.countries[String(item.country)] = (states.countries[String(item.country)] ?? 0) + 1;
    }
  }
  return states;
}

/**
 * Lets the running poller finish, then reads the stream to its end: the counter is then caught up.
 * The poller keeps its shard positions, so nothing is delivered twice by this (and would be harmless).
 */
async function settle() {
  await Promise.all([poller.stop(), mailer.stop()]);
  await mailer.drain();
  await poller.drain();
  poller.start();
  mailer.start();
}

async function newCampaign(slug: string) {
  const { seedCampaign } = await import('../support/campaigns.ts');
  await seedCampaign(slug, { kind: 'petition', targets: [{ name: 'City Hall' }], goal: 1000 });
}

/** A few confirmed signers first, so "count + 1" is measured from a counter that is not zero. */
async function confirmedBaseline(slug: string, n: number) {
  for (let i = 0; i < n; i++) expect((await sign(slug, { name: `Earlier ${lettersOf(i)}`, email: `earlier${i}@example.org` })).status).toBe(202);
  await settle();
  const links = await mailedLinks(slug);
  for (let i = 0; i < n; i++) expect((await confirmLink(links.get(`earlier${i}@example.org`)!.confirm.at(-1)!)).status).toBe(200);
  await settle();
  expect(await getCount(slug)).toMatchObject({ count: n, pending: 0 });
}

beforeAll(async () => {
  env = await useLocalTables();
  signHandler = (await import('#http/sign.ts')).handler as unknown as Handler;
  confirmHandler = (await import('#http/confirm-signature.ts')).handler as unknown as Handler;
  withdrawHandler = (await import('#http/withdraw-signature.ts')).handler as unknown as Handler;
  const { challengeSecret, createSignChallenge } = await import('#rules/challenge.ts');
  const { solve } = await import('../support/signer.ts');
  challenge = async () => solve(await createSignChallenge(challengeSecret(process.env.HASH_KEY!)));
  ({ getCount } = await import('#store/counts.ts'));
  ({ recount } = await import('#jobs/recount.ts'));
  const { handler } = await import('#streams/count-signatures.ts');
  // Small batches: more of them, so counter writes interleave with the requests still racing.
  poller = env.poller(
    async (e, context) => {
      try {
        return await handler(e, context);
      } catch (error) {
        // The poller delivers a failed batch again (as Lambda would); kept to report at the end.
        pollerErrors.push(error);
        throw error;
      }
    },
    { batchSize: 25 },
  );
  poller.start();
  ({ mailer } = await env.signatureStream());
  mailer.start();
});

afterAll(async () => {
  await poller?.stop();
  await mailer?.stop();
  await env?.cleanup();
});

describe('200 racing requests', () => {
  it('200 parallel signatures with one email: 200 submissions, 3 mails, and every link confirms the one signature, counted once', async () => {
    await newCampaign('race-one-email');
    await confirmedBaseline('race-one-email', 3);

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => sign('race-one-email', { name: `Same Person ${lettersOf(i)}`, email: 'same@example.org' })),
    );
    // Every request gets the answer a first signature gets: the API never tells who signed before.
    expect(new Set(responses.map((r) => `${r.status} ${JSON.stringify(r.json)}`))).toEqual(new Set(['202 {"status":"received"}']));
    await settle();
    expect(await itemStates('race-one-email')).toMatchObject({ confirmed: 3, pending: 200, withdrawn: 0 });

    // The address got its quota of mails, no more; each link confirms what was sent with it.
    const links = (await mailedLinks('race-one-email')).get('same@example.org')!.confirm;
    expect(links).toHaveLength(3);
    const confirmations = await Promise.all(links.map(confirmLink));
    expect(confirmations.map((r) => r.status)).toEqual([200, 200, 200]);

    await settle();
    // One signature; the 197 submissions nobody was mailed about wait for their expiry.
    expect(await getCount('race-one-email')).toMatchObject({ count: 4, pending: 197, countries: { AZ: 4 } });
    expect(await itemStates('race-one-email')).toMatchObject({ confirmed: 4, pending: 197 });
    expect(await recount('race-one-email')).toMatchObject({ drift: 0, pendingDrift: 0, countryDrift: {} });
  });

  it('counts one confirmation when one link is clicked 200 times at once', async () => {
    await newCampaign('race-one-link');
    await confirmedBaseline('race-one-link', 2);
    expect((await sign('race-one-link', { name: 'Clicks Often', email: 'clicker@example.org', country: 'KZ' })).status).toBe(202);
    await settle();
    expect(await getCount('race-one-link')).toMatchObject({ count: 2, pending: 1 });

    const link = (await mailedLinks('race-one-link')).get('clicker@example.org')!.confirm.at(-1)!;
    const responses = await Promise.all(Array.from({ length: 200 }, () => confirmLink(link)));
    // One click confirms; the others lose the conditional write, find it confirmed by the same link,
    // and say so too: success or its idempotent repeat, never an error.
    expect(new Set(responses.map((r) => `${r.status} ${JSON.stringify(r.json)}`))).toEqual(new Set(['200 {"status":"confirmed"}']));

    await settle();
    expect(await getCount('race-one-link')).toMatchObject({ count: 3, pending: 0, countries: { AZ: 2, KZ: 1 } });
    expect(await recount('race-one-link')).toMatchObject({ drift: 0, pendingDrift: 0, countryDrift: {} });
  });
});

describe('signing, confirming and withdrawing racing each other', () => {
  it('ends with the count and pending the signature items say, and a recount agrees', async () => {
    const slug = 'race-mixed';
    await newCampaign(slug);
    const signers = Array.from({ length: 12 }, (_, i) => ({
      name: `Racer ${lettersOf(i)}`,
      email: `racer${i}@example.org`,
      country: ['AZ', 'KZ', 'GE'][i % 3]!,
    }));
    // A seeded pseudo-random sequence, so a failing run can be replayed.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(list: T[]): T | undefined => (list.length ? list[Math.floor(random() * list.length)] : undefined);

    const statuses = new Map<string, number>();
    let unavailableWithoutRetryAfter = 0;
    const note = (kind: string, r: Response) => {
      if (r.status === 503 && !r.headers['retry-after']) unavailableWithoutRetryAfter++;
      const key = `${kind} ${r.status}${r.status >= 400 ? ` ${r.json.error.code}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    };

    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const links = await mailedLinks(slug);
      const requests: Promise<void>[] = [];
      for (const signer of signers) {
        const mine = links.get(signer.email);
        // The links a signer holds: mostly the newest, sometimes an older one (a stale tab, an old mail).
        const confirmOf = () => (random() < 0.75 ? mine?.confirm.at(-1) : pick(mine?.confirm ?? []));
        const withdrawOf = () => (random() < 0.75 ? mine?.withdraw.at(-1) : pick(mine?.withdraw ?? []));
        // Two to four of: sign (again), confirm, withdraw — all at once, for every signer at once.
        const actions = 2 + Math.floor(random() * 3);
        for (let a = 0; a < actions; a++) {
          const roll = random();
          const confirm = confirmOf();
          const withdraw = withdrawOf();
          if (roll < 0.35 || (!confirm && !withdraw)) requests.push(sign(slug, signer).then((r) => note('sign', r)));
          else if (roll < 0.7 && confirm) requests.push(confirmLink(confirm).then((r) => note('confirm', r)));
          else if (withdraw) requests.push(withdrawLink(withdraw).then((r) => note('withdraw', r)));
          else requests.push(confirmLink(confirm!).then((r) => note('confirm', r)));
        }
      }
      await Promise.all(requests);
    }

    // Every answer is one the API documents. A 503 with Retry-After is allowed: DynamoDB refuses a
    // write to an item inside another's transaction (TransactionConflict), and "try again" is then the
    // honest answer. Never a 500.
    const seen = [...statuses.keys()];
    const expected = ['sign 202', 'confirm 200', 'confirm 404 invalid_link', 'withdraw 200', 'withdraw 404 invalid_link'];
    const allowed = [...expected, 'sign 503 unavailable', 'confirm 503 unavailable', 'withdraw 503 unavailable'];
    expect(seen.filter((s) => !allowed.includes(s)), JSON.stringify(Object.fromEntries(statuses))).toEqual([]);
    expect(unavailableWithoutRetryAfter).toBe(0);
    // The race really raced: each kind of request both won and lost somewhere.
    for (const kind of expected) expect(statuses.get(kind) ?? 0, kind).toBeGreaterThan(0);

    await settle();
    const states = await itemStates(slug);
    expect(states.withdrawn).toBeGreaterThan(0);
    expect(states.confirmed).toBeLessThanOrEqual(signers.length);
    const count = await getCount(slug);
    expect(count).toMatchObject({ count: states.confirmed, pending: states.pending });
    // Countries that went back to zero stay in the map as 0.
    expect(Object.fromEntries(Object.entries(count!.countries).filter(([, n]) => n !== 0))).toEqual(states.countries);
    expect(await recount(slug)).toMatchObject({ counted: states.confirmed, drift: 0, pending: states.pending, pendingDrift: 0, countryDrift: {} });
    // A batch may fail and come again (the counter changed under it); anything else is a bug.
    expect(pollerErrors.map((e) => (e as Error)?.message).filter((m) => !/delivered again/.test(m ?? ''))).toEqual([]);
  });
});
