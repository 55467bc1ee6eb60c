/**
 * Issue #13: the promises to signers, attacked from outside against real engines — the local API
 * server over the route table, DynamoDB Local with its Streams, the SES fake — and from a raw dump of
 * every table. Each test is an attack someone could run with a script, and fails if it learns what
 * it must not:
 *
 * - a stranger who signs with someone's address and reads every public answer (no oracle);
 * - the same stranger timing the request, through the work it does (no oracle in the work);
 * - a stranger who signs with a victim's pending address to have the victim confirm other words;
 * - a stranger who makes the platform mail one address again and again (mail bombing);
 * - a thief of a dump who tries every address and domain on the velocity records, or links one
 *   person's signatures of two campaigns.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, readMailbox } from '../support/mailbox.ts';
import { solvedChallenge } from '../support/signer.ts';
import { rawScan } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let mailer: { start(): void; stop(): Promise<void> };
let auth: Record<string, string>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  const stream = await env.signatureStream();
  ({ drain } = stream.mailInBackground());
  mailer = stream.mailer;
  const { newOrganisation } = await import('../support/organisers.ts');
  auth = (await newOrganisation()).headers;
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

/** Signs like the page: a fresh solved challenge with every submission. */
const sign = async (slug: string, body: Record<string, unknown>) =>
  api.call('POST', `/api/campaigns/${slug}/signatures`, { ...body, altcha: await solvedChallenge(api.call) });

/** The newest mail to `email` about campaign `slug`. */
async function mailAbout(slug: string, email: string) {
  for (let i = 0; i < 100; i++) {
    const mine = (await readMailbox(env.mailbox)).filter((m) => m.destination.to.includes(email) && (linksIn(m).confirm ?? linksIn(m).withdraw)?.slug === slug);
    if (mine.length > 0) return mine.at(-1)!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${email} about ${slug}`);
}
const newCampaign = async (slug: string, overrides: Record<string, unknown> = {}) =>
  expect((await api.call('POST', '/api/org/campaigns', campaign(slug, overrides), auth)).status).toBe(201);

/** Waits until the mailer has answered every submission so far (the local stacks run it beside the API). */
async function mailerSettled() {
  for (let i = 0; i < 100; i++) {
    const pending = (await rawScan(env.tables.SIGNATURES_TABLE!)).filter((item) => item.sk?.S?.startsWith('sub#') && !item.answered);
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the mailer did not answer every submission');
}

/** Signs and confirms from the mail, as the owner of the address would. */
async function signAndConfirm(slug: string, signer: Record<string, unknown>) {
  expect((await sign(slug, signer)).status).toBe(202);
  const { confirm } = linksIn(await mailAbout(slug, String(signer.email)));
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
}

/** Everything a stranger can read about a campaign, with the clock's own fields set aside. */
async function publicView(slug: string) {
  const answers = await Promise.all([
    api.call('GET', `/api/campaigns/${slug}`),
    api.call('GET', `/api/campaigns/${slug}/count`),
    api.call('GET', `/api/campaigns/${slug}/signers`),
    api.call('GET', '/api/campaigns'),
  ]);
  return answers.map((a) => ({ status: a.status, body: a.text.replace(/"asOf":"[^"]*"/g, '"asOf":"…"').replace(/"updatedAt":"[^"]*"/g, '') }));
}

describe('no oracle: whether an address signed is not in any public answer', () => {
  it('signing with the address of someone who signed, and of someone who did not, changes no public answer at all', async () => {
    await newCampaign('oracle-signed', { publicSigners: true });
    await newCampaign('oracle-unsigned', { publicSigners: true });
    const victim = { name: 'Nadia Karimova', email: 'nadia.karimova@example.org', country: 'AZ' };
    await signAndConfirm('oracle-signed', victim);
    await mailerSettled();
    await drain();

    const before = { signed: await publicView('oracle-signed'), unsigned: await publicView('oracle-unsigned') };
    // The stranger signs in the victim's name on both campaigns: one she signed, one she did not.
    const answers = [await sign('oracle-signed', { ...victim, name: 'Stranger Probe' }), await sign('oracle-unsigned', { ...victim, name: 'Stranger Probe' })];
    await mailerSettled();
    await drain();

    // The sign answers are identical, header by header, but for the moment they were made.
    const comparable = (a: (typeof answers)[number]) => ({ status: a.status, body: a.text, headers: [...a.headers].filter(([k]) => k !== 'date') });
    expect(comparable(answers[0]!)).toEqual(comparable(answers[1]!));
    // And nothing a stranger can read moved, on either campaign (the pending figure used to).
    expect(await publicView('oracle-signed')).toEqual(before.signed);
    expect(await publicView('oracle-unsigned')).toEqual(before.unsigned);
  });

  it('a first and a repeat signature make the same AWS calls, so their timing cannot differ by what is stored', async () => {
    await newCampaign('oracle-work');
    await signAndConfirm('oracle-work', { name: 'Aram Petrosyan', email: 'aram@example.org', country: 'AM' });
    await mailerSettled();
    // Only the request's own calls: the mailer, which shares this process and its client, waits.
    await mailer.stop();
    // The period's data key held (and the next's), so a fetch-ahead in a period's last minutes cannot
    // fall into one of the two recorded requests.
    await (await import('#crypto/data-keys.ts')).warmDataKeysForTests();
    const { documents } = await import('#lib/clients.ts');
    const calls: string[] = [];
    const name = 'recordCommands';
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, any>;
        const tables = input.TableName ?? (input.TransactItems ?? []).map((w: Record<string, any>) => `${Object.keys(w)[0]}:${(Object.values(w)[0] as { TableName: string }).TableName}:${(Object.values(w)[0] as { ConditionExpression?: string }).ConditionExpression}`).join(',');
        calls.push(`${context.commandName} ${tables}`);
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const recorded = async (email: string) => {
        calls.length = 0;
        expect((await sign('oracle-work', { name: 'Probe Person', email, country: 'AM' })).status).toBe(202);
        return [...calls];
      };
      const signed = await recorded('aram@example.org');
      const unsigned = await recorded('never-signed@example.org');
      expect(signed.length).toBeGreaterThan(0);
      expect(signed).toEqual(unsigned);
      // One read of the campaign, one transaction: nothing about the signer is looked up.
      expect(signed).toEqual([
        expect.stringMatching(/^GetItemCommand .*petitions$/i),
        expect.stringMatching(/^TransactWriteItemsCommand Put:.*signals:attribute_not_exists\(pk\),Put:.*signatures:attribute_not_exists\(pk\)$/i),
      ]);
    } finally {
      documents.middlewareStack.remove(name);
      mailer.start();
    }
  });
});

describe("no one can make a victim confirm someone else's words", () => {
  it("a stranger's later submission for a pending address changes nothing the victim's link confirms", async () => {
    await newCampaign('their-words', { publicSigners: true });
    await sign('their-words', { name: 'Levan Abashidze', email: 'levan@example.org', country: 'GE', comment: 'Free them' });
    const victimLink = linksIn(await mailAbout('their-words', 'levan@example.org')).confirm!;
    // The attacker re-signs with the victim's address, asking to list a name and a comment of theirs.
    await sign('their-words', { name: 'Provocateur Name', email: 'levan@example.org', country: 'RU', showName: true, comment: 'Something he never said' });
    await mailerSettled();

    const preview = await api.call('POST', `/api/campaigns/their-words/signatures/${victimLink.id}/preview`, { token: victimLink.token });
    expect(preview.json).toEqual({ status: 'pending', name: 'Levan Abashidze', showName: false, country: 'GE', comment: 'Free them' });
    expect((await api.call('POST', `/api/campaigns/their-words/signatures/${victimLink.id}/confirm`, { token: victimLink.token })).status).toBe(200);
    await drain();
    // Listed under nobody's wording, and counted in the victim's country.
    expect((await api.call('GET', '/api/campaigns/their-words/signers')).json.signers).toEqual([]);
    const { getCount } = await import('#store/counts.ts');
    expect((await getCount('their-words'))?.countries).toEqual({ GE: 1 });
  });
});

describe('mail bombing', () => {
  it('twenty signatures with one address on one campaign mail it three times; on another campaign three more; nobody is told', async () => {
    await newCampaign('bomb-one');
    await newCampaign('bomb-two');
    const target = { name: 'Mail Target', email: 'target@example.org', country: 'GE' };
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await sign('bomb-one', target));
    // A spelling the provider ignores is the same mailbox, hence the same quota.
    for (let i = 0; i < 5; i++) answers.push(await sign('bomb-one', { ...target, email: 'TARGET@example.org ' }));
    for (let i = 0; i < 5; i++) answers.push(await sign('bomb-two', target));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`))).toEqual(new Set(['202 {"status":"received"}']));
    await mailerSettled();
    const mails = (await readMailbox(env.mailbox)).filter((m) => m.destination.to.some((to) => to.toLowerCase().includes('target@example.org')));
    const on = (slug: string) => mails.filter((m) => linksIn(m).confirm?.slug === slug || linksIn(m).withdraw?.slug === slug);
    expect(on('bomb-one')).toHaveLength(3);
    expect(on('bomb-two')).toHaveLength(3);
  });
});

describe('what a thief of a dump of every table can recover', () => {
  it('no velocity record names an IP address or a mail domain, even trying every value in the dump as the salt', async () => {
    await newCampaign('dumped');
    const ip = '203.0.113.77';
    const domain = 'rare-domain.example';
    const { handler } = await import('#http/sign.ts');
    const { solvedChallenge } = await import('../support/signer.ts');
    const { httpEvent } = await import('../unit/http-event.ts');
    const event = httpEvent({
      method: 'POST',
      path: '/api/campaigns/dumped/signatures',
      pathParameters: { slug: 'dumped' },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Anna Novak', email: `anna@${domain}`, country: 'CZ', altcha: await solvedChallenge(api.call) }),
    });
    event.requestContext.http.sourceIp = ip;
    expect((await handler(event, {} as never)).statusCode).toBe(202);
    await mailerSettled();

    const dump = (await Promise.all(Object.values(env.tables).map((table) => rawScan(table!)))).flat();
    const velocity = dump.map((item) => item.pk?.S ?? '').filter((pk) => pk.startsWith('velocity#dumped#'));
    expect(velocity.length).toBeGreaterThanOrEqual(2); // the records exist: the attack has something to attack
    const text = JSON.stringify(dump);
    expect(text).not.toContain(ip);
    expect(text).not.toContain(domain);
    // Every string the dump holds, tried as the salt (as the daily salt in clear once allowed).
    const candidates = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') candidates.add(value);
      else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
    };
    collect(dump);
    const tags = new Set(velocity.map((pk) => pk.split('#')[3]));
    for (const salt of candidates) {
      for (const value of [ip, domain, `dumped\n${ip}`, `dumped\n${domain}`]) {
        expect(tags.has(createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, 24))).toBe(false);
      }
    }
  });

  it("nothing in the dump links one person's signatures of two campaigns", async () => {
    await newCampaign('linked-a');
    await newCampaign('linked-b');
    const person = { name: 'Olena Kovalenko', email: 'olena.k@example.org', country: 'UA' };
    await signAndConfirm('linked-a', person);
    await signAndConfirm('linked-b', { ...person, showName: true });
    await mailerSettled();
    const items = (await rawScan(env.tables.SIGNATURES_TABLE!)).map((item) => item);
    const valuesOf = (slug: string) => {
      const values = new Set<string>();
      for (const item of items.filter((i) => i.pk?.S?.startsWith(`${slug}#`))) {
        for (const [name, value] of Object.entries(item)) {
          // Values any two signatures share by nature: the state, the country, the language; and the
          // wrapped data key, shared by every record sealed in the same 15-minute period, whoever signed
          // (test/integration/period-data-key.test.ts).
          if (['status', 'country', 'slug', 'lang', 'answered', 'showName', 'textVersion', 'dataKey'].includes(name)) continue;
          if (value.S && value.S.length >= 16) values.add(value.S.replace(/^[^#]+#/, ''));
        }
      }
      return values;
    };
    const [a, b] = [valuesOf('linked-a'), valuesOf('linked-b')];
    expect(a.size).toBeGreaterThan(2);
    expect([...a].filter((value) => b.has(value) && !/^\d{4}-\d{2}-\d{2}T/.test(value))).toEqual([]);
  });
});
