/**
 * The OpenAPI document is enough to use the API: a client generated from it (openapi-typescript's
 * types in #openapi/client-types.ts, openapi-fetch) signs, confirms and reads the count, and an
 * organiser signs in with the mailed link, creates a campaign and reads it — typed by the document
 * alone, with no casts, and type-checked by `tsc --noEmit -p .` in `npm test`. Every answer is also
 * checked against the document (test/support/contract.ts).
 */
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '#openapi/client-types.ts';
import { useLocalTables } from '../support/local-tables.ts';
import { startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { solve } from '../support/signer.ts';
import { checkedFetch } from '../support/contract.ts';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let signIns: StreamPoller;
let owner: TestOrganiser;
let client: ReturnType<typeof createClient<paths>>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ drain } = (await env.signatureStream()).mailInBackground());
  signIns = (await env.consumerPoller('answer-sign-ins')).poller;
  signIns.start();
  owner = await newOrganisation('Contract Coalition');
  // Every answer is held to the document, as the other helpers' answers are.
  client = createClient<paths>({ baseUrl: api.base, fetch: checkedFetch });
});

afterAll(async () => {
  await signIns?.stop();
  await api?.close();
  await env?.cleanup();
});

/** A solved proof of work, from the challenge the typed client fetched. */
async function altcha(): Promise<string> {
  const { data, error } = await client.GET('/api/challenge');
  if (!data) throw new Error(`No challenge: ${error && 'error' in error ? error.error.code : error?.message}`);
  return solve(data);
}

describe('a client generated from the OpenAPI document', () => {
  let cookie = '';

  it('signs an organiser in with the mailed link, creates a campaign and reads it', async () => {
    const before = new Date();
    const asked = await client.POST('/api/auth/link', { body: { email: owner.email, altcha: await altcha() } });
    expect(asked.response.status).toBe(202);
    const mail = await waitForMail(env.mailbox, { to: owner.email, after: before, subjectIncludes: 'sign-in link' });
    const token = /#\/org\/sign-in\/([A-Za-z0-9_-]{43})/.exec(mail.body.text ?? '')?.[1];
    expect(token).toBeDefined();

    const started = await client.POST('/api/auth/session', { body: { token: token ?? '' } });
    expect(started.data?.organisation.id).toBe(owner.orgId);
    expect(started.data?.role).toBe('owner');
    cookie = (started.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^__Host-session=/);

    const created = await client.POST('/api/org/campaigns', {
      headers: { cookie },
      body: {
        slug: 'contract-letter',
        kind: 'letter',
        status: 'open',
        title: 'Release the defenders',
        text: 'Dear President,\n\nRelease them.',
        targets: [{ name: 'The President', office: 'Office of the President' }],
        goal: 100,
        signerFields: { country: 'optional', comment: 'off' },
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.status).toBe('open');

    const read = await client.GET('/api/org/campaigns/{slug}', { params: { path: { slug: 'contract-letter' } }, headers: { cookie } });
    expect(read.data?.slug).toBe('contract-letter');
    expect(read.data?.count).toBe(0);
    expect(read.data?.versions).toEqual([]);

    // A typed error: another organisation's, or no such campaign, is a 404 with the error body.
    const missing = await client.GET('/api/org/campaigns/{slug}', { params: { path: { slug: 'no-such-letter' } }, headers: { cookie } });
    expect(missing.response.status).toBe(404);
    // The 429 of the API stage's throttle has a body of its own: the types say which one this is.
    expect(missing.error && 'error' in missing.error ? missing.error.error.code : undefined).toBe('not_found');
  });

  it('signs, confirms with the mailed link, and reads the count', async () => {
    const email = 'contract.signer@example.org';
    const before = new Date();
    const signed = await client.POST('/api/campaigns/{slug}/signatures', {
      params: { path: { slug: 'contract-letter' } },
      body: { name: 'Ნინო Ბერიძე', email, country: 'GE', showName: false, altcha: await altcha() },
    });
    expect(signed.data?.status).toBe('received');

    const mail = await waitForMail(env.mailbox, { to: email, after: before, subjectIncludes: 'confirm' });
    const link = linksIn(mail).confirm;
    expect(link).toBeDefined();
    const path = { slug: link?.slug ?? '', id: link?.id ?? '' };

    const preview = await client.POST('/api/campaigns/{slug}/signatures/{id}/preview', { params: { path }, body: { token: link?.token ?? '' } });
    expect(preview.data).toEqual({ status: 'pending', name: 'Ნინო Ბერიძე', showName: false, country: 'GE' });

    const confirmed = await client.POST('/api/campaigns/{slug}/signatures/{id}/confirm', { params: { path }, body: { token: link?.token ?? '' } });
    expect(confirmed.data?.status).toBe('confirmed');
    await drain();

    const count = await client.GET('/api/campaigns/{slug}/count', { params: { path: { slug: 'contract-letter' } } });
    expect(count.data?.count).toBe(1);

    const page = await client.GET('/api/campaigns/{slug}', { params: { path: { slug: 'contract-letter' }, query: { lang: 'ka' } } });
    expect(page.data?.count).toBe(1);
    expect(page.data?.language).toBe('en');
  });
});
