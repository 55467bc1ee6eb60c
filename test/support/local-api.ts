/**
 * For integration tests: the local API server over the route table, on a free loopback port, with a
 * small JSON client. Call after useLocalTables() so handlers see the test tables.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { checkAnswer } from './contract.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function startLocalApi() {
  const [{ routes }, { loadRoutes, createLocalServer }] = await Promise.all([
    import('#routes'),
    import('../../infra/local/server.ts'),
  ]);
  const webRoot = mkdtempSync(join(tmpdir(), 'undersigned-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Undersigned</title>');
  const server = createLocalServer(await loadRoutes(routes, repoRoot), webRoot);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    // Every answer is held to the OpenAPI document: an undocumented status or body fails the test.
    await checkAnswer(method, path, { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: text });
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  return {
    base,
    call,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A valid campaign body for POST /api/org/campaigns, opening the campaign at once. */
export function campaign(slug: string, overrides: Record<string, unknown> = {}) {
  return {
    slug,
    status: 'open',
    kind: 'letter',
    title: 'Release the defenders',
    text: 'Dear President,\n\nRelease them.',
    targets: [{ name: 'The President', office: 'Office of the President' }],
    goal: 100,
    ...overrides,
  };
}
