/**
 * The vertical slice against real engines: HTTP through the local API server (the same route table
 * and handlers as Lambda), DynamoDB Local, its Streams API read by the poller into the stream handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, readMailbox, waitForMail } from '../support/mailbox.ts';
import { signLikeBrowser, solvedChallenge } from '../support/signer.ts';
import { rawItems } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ drain } = (await env.signatureStream()).mailInBackground());
  const { newOrganisation } = await import('../support/organisers.ts');
  auth = (await newOrganisation()).headers;
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const sign = (slug: string, body: Record<string, unknown>) => signLikeBrowser(api.call, slug, body);

/** The counter as organisers see it: confirmed and pending. */
async function stored(slug: string) {
  const { getCount } = await import('#store/counts.ts');
  return getCount(slug);
}

/** Reads the newest mail to `email` and follows its confirm link, as the page would. */
async function confirmFromMail(email: string, after: Date) {
  const mail = await waitForMail(env.mailbox, { to: email, after, subjectIncludes: 'confirm' });
  const { confirm } = linksIn(mail);
  expect(confirm).toBeDefined();
  return api.call('POST', `/api/campaigns/${confirm!.slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token });
}

describe('organiser creates a campaign', () => {
  it('refuses without the organiser token, and with a wrong one', async () => {
    expect((await api.call('POST', '/api/org/campaigns', campaign('no-token'))).status).toBe(401);
    const wrong = await api.call('POST', '/api/org/campaigns', campaign('no-token'), { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('unauthorized');
    expect((await api.call('GET', '/api/campaigns/no-token')).status).toBe(404);
  });

  it('creates a campaign, lists it, and refuses the same slug twice', async () => {
    const created = await api.call('POST', '/api/org/campaigns', campaign('letter-one'), auth);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: 'letter-one', kind: 'letter', count: 0, status: 'open' });
    expect(created.json).not.toHaveProperty('shards');

    const again = await api.call('POST', '/api/org/campaigns', campaign('letter-one'), auth);
    expect(again.status).toBe(409);

    const list = await api.call('GET', '/api/campaigns');
    expect(list.json.items.map((i: { slug: string }) => i.slug)).toContain('letter-one');
  });

  it('names each invalid field', async () => {
    const bad = await api.call('POST', '/api/org/campaigns', campaign('X', { goal: -1, targets: [] }), auth);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['goal', 'slug', 'targets']);
  });
});

describe('supporters sign, confirm by email, and the count follows', () => {
  it('counts confirmed signatures only, per country; pending ones apart, for organisers only', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('count-me'), auth);
    const signers = [
      { name: 'Ნინო Ბერიძე', email: 'nino@example.org', country: 'GE' },
      { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' },
      { name: 'Олена Коваленко', email: 'olena@example.org', country: 'UA', comment: 'Свободу!' },
    ];
    const sent = new Date();
    for (const signer of signers) {
      const response = await sign('count-me', signer);
      expect(response.status).toBe(202);
      expect(response.json).toEqual({ status: 'received' });
    }
    await drain();
    expect((await api.call('GET', '/api/campaigns/count-me/count')).json).toEqual({ count: 0, asOf: expect.any(String) });
    expect(await stored('count-me')).toMatchObject({ count: 0, pending: 3 });

    for (const signer of signers) expect((await confirmFromMail(signer.email, sent)).json).toEqual({ status: 'confirmed' });
    await drain();
    const count = await api.call('GET', '/api/campaigns/count-me/count');
    expect(count.status).toBe(200);
    expect(count.json).toEqual({ count: 3, asOf: expect.any(String) });
    expect(await stored('count-me')).toMatchObject({ count: 3, pending: 0 });
    expect(Date.parse(count.json.asOf)).not.toBeNaN();
    expect(count.headers.get('cache-control')).toMatch(/s-maxage=\d+/);
    expect((await api.call('GET', '/api/campaigns/count-me')).json.count).toBe(3);
    const { getCount } = await import('#store/counts.ts');
    expect((await getCount('count-me'))?.countries).toEqual({ GE: 1, AM: 1, UA: 1 });

    // Confirming twice is harmless.
    expect((await confirmFromMail('nino@example.org', sent)).status).toBe(200);
    await drain();
    expect((await api.call('GET', '/api/campaigns/count-me/count')).json.count).toBe(3);
  });

  it('answers a repeat signer exactly as a first one; only the mail differs', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('repeat-me'), auth);
    const sent = new Date();
    const first = await sign('repeat-me', { name: 'Levan A', email: 'levan@example.org', country: 'GE' });
    expect((await confirmFromMail('levan@example.org', sent)).status).toBe(200);

    // Same person, different case and spacing: same status and body, nothing new stored or counted.
    const again = new Date();
    const repeat = await sign('repeat-me', { name: 'Levan A', email: '  LEVAN@Example.org', country: 'GE' });
    expect([repeat.status, repeat.json]).toEqual([first.status, first.json]);
    const mail = await waitForMail(env.mailbox, { to: 'levan@example.org', after: again, subjectIncludes: 'already signed' });
    const links = linksIn(mail);
    expect(links.confirm).toBeUndefined();
    expect(links.withdraw).toBeDefined();
    await drain();
    expect(await stored('repeat-me')).toMatchObject({ count: 1 });

    // Two submissions for one address while unconfirmed: each link confirms exactly what was sent
    // with it, whichever is pressed, and a later one never changes what an earlier link confirms.
    const pendingAt = new Date();
    await sign('repeat-me', { name: 'Tamar B', email: 'tamar@example.org', country: 'GE' });
    const firstLink = linksIn(await waitForMail(env.mailbox, { to: 'tamar@example.org', after: pendingAt })).confirm!;
    await new Promise((r) => setTimeout(r, 1000)); // the mailbox stamps whole seconds
    const resentAt = new Date();
    await sign('repeat-me', { name: 'Someone Else', email: 'tamar@example.org', country: 'RU', showName: true });
    const newLink = linksIn(await waitForMail(env.mailbox, { to: 'tamar@example.org', after: resentAt })).confirm!;
    expect(newLink.token).not.toBe(firstLink.token);
    const preview = (link: typeof firstLink) => api.call('POST', `/api/campaigns/repeat-me/signatures/${link.id}/preview`, { token: link.token });
    expect((await preview(firstLink)).json).toEqual({ status: 'pending', name: 'Tamar B', showName: false, country: 'GE' });
    expect((await preview(newLink)).json).toEqual({ status: 'pending', name: 'Someone Else', showName: true, country: 'RU' });
    expect((await api.call('POST', `/api/campaigns/repeat-me/signatures/${firstLink.id}/confirm`, { token: firstLink.token })).status).toBe(200);
    await drain();
    expect(await stored('repeat-me')).toMatchObject({ count: 2, countries: { GE: 2 } });
    expect((await preview(firstLink)).json).toMatchObject({ status: 'confirmed', name: 'Tamar B', country: 'GE' });
  });

  it('withdraws: the count goes down once, the personal data is gone, signing again works', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('withdraw-me'), auth);
    const sent = new Date();
    await sign('withdraw-me', { name: 'Aigerim Nurlanovna', email: 'aigerim@example.org', country: 'KZ' });
    await sign('withdraw-me', { name: 'Stays Here', email: 'stays@example.org', country: 'KZ' });
    await confirmFromMail('aigerim@example.org', sent);
    await confirmFromMail('stays@example.org', sent);
    await drain();
    expect((await api.call('GET', '/api/campaigns/withdraw-me/count')).json).toMatchObject({ count: 2 });

    const { withdraw } = linksIn(await waitForMail(env.mailbox, { to: 'aigerim@example.org', after: sent }));
    const path = `/api/campaigns/withdraw-me/signatures/${withdraw!.id}/withdraw`;
    expect((await api.call('POST', path, { token: withdraw!.token })).json).toEqual({ status: 'withdrawn' });
    // Twice: the link is spent, nothing changes.
    expect((await api.call('POST', path, { token: withdraw!.token })).status).toBe(404);
    await drain();
    const { getCount } = await import('#store/counts.ts');
    expect(await getCount('withdraw-me')).toMatchObject({ count: 1, pending: 0, countries: { KZ: 1 } });

    // What is left of the withdrawn signature: an anonymous tombstone, no keyed hash, no data.
    const items = await rawItems(env.tables.SIGNATURES_TABLE!, 'withdraw-me#');
    const tombstones = items.filter((item) => item.status === 'withdrawn');
    expect(tombstones).toHaveLength(1);
    expect(Object.keys(tombstones[0]!).sort()).toEqual(['pk', 'sk', 'slug', 'status', 'withdrawnOn']);
    expect(items.some((item) => item.sk === withdraw!.id)).toBe(false);

    await new Promise((r) => setTimeout(r, 1000)); // the mailbox stamps whole seconds
    const again = new Date();
    expect((await sign('withdraw-me', { name: 'Aigerim Nurlanovna', email: 'aigerim@example.org', country: 'KZ' })).status).toBe(202);
    expect((await confirmFromMail('aigerim@example.org', again)).status).toBe(200);
    await drain();
    expect(await getCount('withdraw-me')).toMatchObject({ count: 2, countries: { KZ: 2 } });
    const { recount } = await import('#jobs/recount.ts');
    expect(await recount('withdraw-me')).toMatchObject({ counted: 2, drift: 0, pending: 0, pendingDrift: 0 });
  });

  it('refuses a tampered or malformed link without touching anything', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('tamper-me'), auth);
    const sent = new Date();
    await sign('tamper-me', { name: 'Mariam K', email: 'mariam@example.org', country: 'AM' });
    const { confirm } = linksIn(await waitForMail(env.mailbox, { to: 'mariam@example.org', after: sent }));
    const base = `/api/campaigns/tamper-me/signatures`;
    const flipped = (confirm!.token[5] === 'A' ? 'B' : 'A');
    const tampered = confirm!.token.slice(0, 5) + flipped + confirm!.token.slice(6);
    for (const [id, token] of [
      [confirm!.id, tampered],
      ['f'.repeat(64), confirm!.token],
      ['not-an-id', confirm!.token],
      [confirm!.id, 'short'],
    ]) {
      const response = await api.call('POST', `${base}/${id}/confirm`, { token });
      expect([response.status, response.json.error.code]).toEqual([404, 'invalid_link']);
      expect((await api.call('POST', `${base}/${id}/withdraw`, { token })).status).toBe(404);
    }
    const missing = await api.call('POST', `${base}/${confirm!.id}/confirm`, {});
    expect([missing.status, Object.keys(missing.json.error.fields)]).toEqual([400, ['token']]);
    await drain();
    expect(await stored('tamper-me')).toMatchObject({ count: 0, pending: 1 });
  });

  it('refuses an expired link with 410 and a way forward', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('expire-me'), auth);
    const sent = new Date();
    await sign('expire-me', { name: 'Ion Rusu', email: 'ion@example.org', country: 'MD' });
    const { confirm } = linksIn(await waitForMail(env.mailbox, { to: 'ion@example.org', after: sent }));
    const { confirm: confirmAt } = await import('#usecases/confirmation.ts');
    const eightDaysLater = new Date(Date.now() + 8 * 86_400_000);
    await expect(confirmAt('expire-me', confirm!.id, confirm!.token, eightDaysLater)).rejects.toMatchObject({
      statusCode: 410,
      code: 'link_expired',
    });
  });

  it('refuses invalid input with a message per field and stores nothing', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('strict'), auth);
    const response = await sign('strict', { name: '', email: 'not-an-email', country: 'XX' });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['country', 'email', 'name']);

    const notJson = await api.call('POST', '/api/campaigns/strict/signatures', '{"name": "A",');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('invalid_json');

    await drain();
    expect(await stored('strict')).toMatchObject({ count: 0, pending: 0 });
  });

  it('refuses a failed or replayed proof of work with a 400 on the altcha field, and stores nothing', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('bots-out'), auth);
    const signer = { name: 'Bot Botov', email: 'bot@example.org', country: 'RU' };
    const garbage = await api.call('POST', '/api/campaigns/bots-out/signatures', { ...signer, altcha: 'bm90IGEgc29sdXRpb24=' });
    expect([garbage.status, Object.keys(garbage.json.error.fields)]).toEqual([400, ['altcha']]);
    const none = await api.call('POST', '/api/campaigns/bots-out/signatures', signer);
    expect([none.status, Object.keys(none.json.error.fields)]).toEqual([400, ['altcha']]);

    const altcha = await solvedChallenge(api.call);
    const human = { name: 'Real Person', email: 'real@example.org', country: 'RU' };
    expect((await api.call('POST', '/api/campaigns/bots-out/signatures', { ...human, altcha })).status).toBe(202);
    const replay = await api.call('POST', '/api/campaigns/bots-out/signatures', { ...signer, altcha });
    expect([replay.status, Object.keys(replay.json.error.fields)]).toEqual([400, ['altcha']]);

    await drain();
    expect(await stored('bots-out')).toMatchObject({ count: 0, pending: 1 });
    expect((await readMailbox(env.mailbox)).some((m) => m.destination.to.includes('bot@example.org'))).toBe(false);
  });

  it('answers a filled honeypot like a success, but stores and mails nothing', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('honey'), auth);
    const response = await sign('honey', { name: 'Spam Bot', email: 'spam@example.org', country: 'LV', website: 'http://spam.example' });
    expect([response.status, response.json]).toEqual([202, { status: 'received' }]);
    await drain();
    expect(await stored('honey')).toMatchObject({ count: 0, pending: 0 });
    expect((await readMailbox(env.mailbox)).some((m) => m.destination.to.includes('spam@example.org'))).toBe(false);
  });

  it('answers 404 for an unknown campaign and 409 for a closed one', async () => {
    const signer = { name: 'Anna', email: 'anna@example.org', country: 'CZ' };
    expect((await sign('no-such-campaign', signer)).status).toBe(404);
    expect((await api.call('GET', '/api/campaigns/no-such-campaign/count')).status).toBe(404);

    await api.call('POST', '/api/org/campaigns', campaign('closed-one'), auth);
    expect((await api.call('POST', '/api/org/campaigns/closed-one/status', { status: 'closed' }, auth)).status).toBe(200);
    const closed = await sign('closed-one', signer);
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe('closed');

    // Opened before its deadline, which has passed since (an organiser cannot open it like this).
    const { seedCampaign } = await import('../support/campaigns.ts');
    await seedCampaign('past-deadline', { deadline: '2020-01-01T00:00:00Z' });
    expect((await sign('past-deadline', signer)).status).toBe(409);
    expect((await api.call('GET', '/api/campaigns/past-deadline')).json.status).toBe('closed');

    const listed = (await api.call('GET', '/api/campaigns')).json.items.map((i: { slug: string }) => i.slug);
    expect(listed).not.toContain('closed-one');
    expect(listed).not.toContain('past-deadline');
  });
});

describe('the signer\'s mail', () => {
  it('has a text and an HTML part, a Confirm button to the text part\'s link, names the organisation, and loads nothing', async () => {
    const { newOrganisation } = await import('../support/organisers.ts');
    const ORG = 'სამოქალაქო ალიანსი & <Co> "Tbilisi"';
    const org = await newOrganisation(ORG);
    expect((await api.call('POST', '/api/org/campaigns', campaign('trust-me'), org.headers)).status).toBe(201);
    const sent = new Date();
    await sign('trust-me', { name: 'Ani K', email: 'ani@example.org', country: 'GE' });
    const mail = await waitForMail(env.mailbox, { to: 'ani@example.org', after: sent, subjectIncludes: 'confirm' });
    const { text, html } = mail.body;
    expect(text).toBeTruthy();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);

    const { confirm } = linksIn(mail);
    expect(confirm).toBeDefined();
    const button = /<td [^>]*bgcolor="[^"]*"[^>]*>\n<a href="([^"]*)" style="[^"]*padding:[^"]*">/.exec(html!);
    expect(button?.[1]).toBe(confirm!.url);

    expect(text).toContain(`This campaign is organised by ${ORG}.`);
    expect(html).toContain('This campaign is organised by სამოქალაქო ალიანსი &amp; &lt;Co&gt; &quot;Tbilisi&quot;.');
    expect(html).not.toContain('<Co>');

    // Nothing remote: no image, style sheet, font or script, and no address but our site's.
    const site = new URL(confirm!.url).origin;
    expect(html).not.toMatch(/<img|<link|<style|<script|src=|url\(|@import/i);
    for (const url of `${text}\n${html}`.match(/https?:\/\/[^"<\s]*/gi) ?? []) expect(new URL(url).origin).toBe(site);

    // The repeat signer's mail names it too.
    expect((await confirmFromMail('ani@example.org', sent)).status).toBe(200);
    const again = new Date();
    await sign('trust-me', { name: 'Ani K', email: 'ani@example.org', country: 'GE' });
    const repeat = await waitForMail(env.mailbox, { to: 'ani@example.org', after: again, subjectIncludes: 'already signed' });
    expect(repeat.body.text).toContain(`This campaign is organised by ${ORG}.`);
    await drain();
  });
});

describe('the public signer list', () => {
  it('lists only confirmed signers who asked to be listed, as first name, initial and country', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('listed', { publicSigners: true }), auth);
    expect((await api.call('GET', '/api/campaigns/listed')).json.publicSigners).toBe(true);
    const sent = new Date();
    await sign('listed', { name: 'Nadia Karimova', email: 'nadia@example.org', country: 'AZ', showName: true });
    await sign('listed', { name: 'Hidden Person', email: 'hidden@example.org', country: 'AZ' });
    await sign('listed', { name: 'Pending Person', email: 'pending@example.org', country: 'AZ', showName: true });
    await confirmFromMail('nadia@example.org', sent);
    await confirmFromMail('hidden@example.org', sent);

    const list = await api.call('GET', '/api/campaigns/listed/signers');
    expect(list.status).toBe(200);
    expect(list.json).toEqual({ signers: [{ name: 'Nadia K.', country: 'AZ' }] });
    expect(list.text).not.toContain('Karimova');

    // Off by default: a campaign without the list answers 404.
    await api.call('POST', '/api/org/campaigns', campaign('unlisted'), auth);
    expect((await api.call('GET', '/api/campaigns/unlisted')).json.publicSigners).toBe(false);
    expect((await api.call('GET', '/api/campaigns/unlisted/signers')).status).toBe(404);
  });
});

describe('recount', () => {
  it('finds no drift after the stream caught up, finds injected drift, and fixes it', async () => {
    await api.call('POST', '/api/org/campaigns', campaign('recount-me'), auth);
    const sent = new Date();
    for (let i = 0; i < 12; i++) {
      // Names hold no digits (the name rule refuses them): Signer A, Signer B, …
      await sign('recount-me', { name: `Signer ${'ABCDEFGHIJKL'[i]}`, email: `r${i}@example.org`, country: i % 2 ? 'LV' : 'MD' });
    }
    for (let i = 0; i < 9; i++) await confirmFromMail(`r${i}@example.org`, sent);
    await drain();
    const { recount } = await import('#jobs/recount.ts');
    expect(await recount('recount-me')).toMatchObject({ counted: 9, stored: 9, drift: 0, pending: 3, pendingDrift: 0, countryDrift: {} });

    const { addCorrection } = await import('#store/counts.ts');
    await addCorrection('recount-me', { total: 5, pending: -2, countries: { LV: 5 } });
    expect(await recount('recount-me')).toMatchObject({ counted: 9, stored: 14, drift: -5, pendingDrift: 2, countryDrift: { LV: -5 } });

    expect((await recount('recount-me', { fix: true })).fixed).toBe(true);
    expect(await recount('recount-me')).toMatchObject({ stored: 9, drift: 0, pendingDrift: 0, countryDrift: {} });
  });
});

describe('the local server behaves like API Gateway and CloudFront', () => {
  it('answers unknown API routes and wrong methods with JSON errors', async () => {
    const missing = await api.call('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const wrongMethod = await api.call('DELETE', '/api/campaigns');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });

  it('serves the page with security headers and never a file outside it', async () => {
    const page = await api.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const escape = await api.call('GET', '/..%2f..%2fpackage.json');
    expect(escape.status).toBe(404);
    expect(escape.text).not.toContain('undersigned');
  });
});
