/**
 * The public paths were `/api/petitions…` until campaigns got one word (issue #15). Embedded widgets
 * and open tabs still call them, so every route's older path (Route['aliases']) answers exactly as its
 * path does: same status, same body, same content type, over HTTP against the local stack (the
 * stack's extra HTTP API routes go to the same function; infra/local/server.ts matches them alike).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#routes';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

let stack: LocalStack;
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-old-paths-'));
/** A demo campaign (infra/local/demo.ts) that is open and shows its signers. */
const SLUG = 'free-nadia-and-levan';

beforeAll(async () => {
  stack = await startLocalStack({ localDir, port: 0, inMemory: true, demo: true });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(localDir, { recursive: true, force: true });
});

const aliased = routes.flatMap((route) => (route.aliases ?? []).map((alias) => ({ name: route.name, method: route.method, path: route.path, alias })));

function filled(path: string, slug: string): string {
  return path.replace('{slug}', encodeURIComponent(slug)).replace('{id}', 'sig_0123456789abcdef');
}

/** Requests with answers that change nothing: reads, and writes the handler refuses (bad body, bad link). */
function requestsFor(method: string): { body?: string; query?: string }[] {
  if (method === 'GET') return [{}, { query: '?lang=ka' }];
  return [{ body: '{}' }, { body: JSON.stringify({ token: 'A'.repeat(43), name: 'Nadia', country: 'GE' }) }, { body: 'not json' }];
}

async function answer(method: string, path: string, request: { body?: string; query?: string }) {
  const response = await fetch(`${stack.app}${path}${request.query ?? ''}`, {
    method,
    headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

describe('older public paths answer as the new ones', () => {
  it('every public /api/campaigns route keeps its /api/petitions path', () => {
    const publicCampaignRoutes = routes.filter((route) => route.path.startsWith('/api/campaigns'));
    expect(publicCampaignRoutes.length).toBeGreaterThan(0);
    for (const route of publicCampaignRoutes) expect(route.aliases).toEqual([route.path.replace('/api/campaigns', '/api/petitions')]);
  });

  it.each(aliased)('$method $alias answers as $path ($name)', async ({ method, path, alias }) => {
    for (const slug of [SLUG, 'no-such-campaign']) {
      for (const request of requestsFor(method)) {
        const now = await answer(method, filled(path, slug), request);
        const before = await answer(method, filled(alias, slug), request);
        expect(before, `${method} ${alias} ${slug} ${request.body ?? request.query ?? ''}`).toEqual(now);
      }
    }
  });

  it('the answers compared are real ones: the campaign and its count are found on both paths', async () => {
    const now = await answer('GET', `/api/campaigns/${SLUG}`, {});
    const before = await answer('GET', `/api/petitions/${SLUG}`, {});
    expect(now.status).toBe(200);
    expect(JSON.parse(before.body)).toMatchObject({ slug: SLUG });
    expect((await answer('GET', `/api/petitions/${SLUG}/count`, {})).status).toBe(200);
  });
});
