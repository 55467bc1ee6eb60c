/**
 * The vertical slice against real engines: HTTP through the local API server (the same route table
 * and handlers as Lambda), DynamoDB Local, its Streams API read by the poller into the stream handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let drain: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  const { handler } = await import('#streams/count-signatures.ts');
  const poller = env.poller(handler);
  drain = () => poller.drain();
  auth = { authorization: `Bearer ${env.organiserToken}` };
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const sign = (slug: string, body: unknown) => api.call('POST', `/api/petitions/${slug}/signatures`, body);

describe('organiser creates a campaign', () => {
  it('refuses without the organiser token, and with a wrong one', async () => {
    expect((await api.call('POST', '/api/petitions', campaign('no-token'))).status).toBe(401);
    const wrong = await api.call('POST', '/api/petitions', campaign('no-token'), { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('unauthorized');
    expect((await api.call('GET', '/api/petitions/no-token')).status).toBe(404);
  });

  it('creates a campaign, lists it, and refuses the same slug twice', async () => {
    const created = await api.call('POST', '/api/petitions', campaign('letter-one'), auth);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: 'letter-one', kind: 'letter', count: 0, status: 'open' });
    expect(created.json).not.toHaveProperty('shards');

    const again = await api.call('POST', '/api/petitions', campaign('letter-one'), auth);
    expect(again.status).toBe(409);

    const list = await api.call('GET', '/api/petitions');
    expect(list.json.items.map((i: { slug: string }) => i.slug)).toContain('letter-one');
  });

  it('names each invalid field', async () => {
    const bad = await api.call('POST', '/api/petitions', campaign('X', { goal: -1, targets: [] }), auth);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['goal', 'slug', 'targets']);
  });
});

describe('supporters sign and the count follows', () => {
  it('counts signatures from the stream, per country, and ignores a repeat signer', async () => {
    await api.call('POST', '/api/petitions', campaign('count-me'), auth);
    const signers = [
      { name: 'Ნინო Ბერიძე', email: 'nino@example.org', country: 'GE' },
      { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' },
      { name: 'Олена Коваленко', email: 'olena@example.org', country: 'UA', comment: 'Свободу!' },
    ];
    for (const signer of signers) {
      const response = await sign('count-me', signer);
      expect(response.status).toBe(202);
      expect(response.json).toEqual({ status: 'received' });
    }
    // Same person, different case and spacing: same response, no second signature.
    const repeat = await sign('count-me', { name: 'Nino B', email: '  NINO@Example.org', country: 'GE' });
    expect(repeat.status).toBe(202);
    expect(repeat.json).toEqual({ status: 'received' });

    await drain();
    const count = await api.call('GET', '/api/petitions/count-me/count');
    expect(count.status).toBe(200);
    expect(count.json.count).toBe(3);
    expect(Date.parse(count.json.asOf)).not.toBeNaN();
    expect(count.headers.get('cache-control')).toMatch(/s-maxage=\d+/);

    const petition = await api.call('GET', '/api/petitions/count-me');
    expect(petition.json.count).toBe(3);

    const { getCount } = await import('#store/counts.ts');
    expect((await getCount('count-me'))?.countries).toEqual({ GE: 1, AM: 1, UA: 1 });
  });

  it('refuses invalid input with a message per field and stores nothing', async () => {
    await api.call('POST', '/api/petitions', campaign('strict'), auth);
    const response = await sign('strict', { name: '', email: 'not-an-email', country: 'XX' });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['country', 'email', 'name']);

    const notJson = await sign('strict', '{"name": "A",');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('invalid_json');

    await drain();
    expect((await api.call('GET', '/api/petitions/strict/count')).json.count).toBe(0);
  });

  it('answers 404 for an unknown campaign and 409 for a closed one', async () => {
    const signer = { name: 'Anna', email: 'anna@example.org', country: 'CZ' };
    expect((await sign('no-such-campaign', signer)).status).toBe(404);
    expect((await api.call('GET', '/api/petitions/no-such-campaign/count')).status).toBe(404);

    await api.call('POST', '/api/petitions', campaign('closed-one', { status: 'closed' }), auth);
    const closed = await sign('closed-one', signer);
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe('closed');

    await api.call('POST', '/api/petitions', campaign('past-deadline', { deadline: '2020-01-01T00:00:00Z' }), auth);
    expect((await sign('past-deadline', signer)).status).toBe(409);
    expect((await api.call('GET', '/api/petitions/past-deadline')).json.status).toBe('closed');

    const listed = (await api.call('GET', '/api/petitions')).json.items.map((i: { slug: string }) => i.slug);
    expect(listed).not.toContain('closed-one');
    expect(listed).not.toContain('past-deadline');
  });
});

describe('recount', () => {
  it('finds no drift after the stream caught up, finds injected drift, and fixes it', async () => {
    await api.call('POST', '/api/petitions', campaign('recount-me'), auth);
    for (let i = 0; i < 12; i++) {
      await sign('recount-me', { name: `Signer ${i}`, email: `r${i}@example.org`, country: i % 2 ? 'LV' : 'MD' });
    }
    await drain();
    const { recount } = await import('#jobs/recount.ts');
    expect(await recount('recount-me')).toMatchObject({ counted: 12, stored: 12, drift: 0, countryDrift: {} });

    const { addCorrection } = await import('#store/counts.ts');
    await addCorrection('recount-me', 5, { LV: 5 });
    expect(await recount('recount-me')).toMatchObject({ counted: 12, stored: 17, drift: -5, countryDrift: { LV: -5 } });

    expect((await recount('recount-me', { fix: true })).fixed).toBe(true);
    expect(await recount('recount-me')).toMatchObject({ stored: 12, drift: 0, countryDrift: {} });
  });
});

describe('the local server behaves like API Gateway and CloudFront', () => {
  it('answers unknown API routes and wrong methods with JSON errors', async () => {
    const missing = await api.call('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const wrongMethod = await api.call('DELETE', '/api/petitions');
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
