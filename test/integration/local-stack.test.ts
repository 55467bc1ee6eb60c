/**
 * What `npm start` does, end to end: its own DynamoDB Local, tables, demo campaigns, the built page,
 * the API and the running stream poller — and a clear refusal when the port is taken.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

let stack: LocalStack;
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-stack-'));

beforeAll(async () => {
  stack = await startLocalStack({ localDir, port: 0, inMemory: true, demo: true });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(localDir, { recursive: true, force: true });
});

describe('the local stack', () => {
  it('writes the URLs it serves to endpoints.json and keeps its secrets private', () => {
    const endpoints = JSON.parse(readFileSync(join(localDir, 'endpoints.json'), 'utf8'));
    expect(endpoints).toEqual({ app: stack.app, dynamodb: stack.dynamodb });
    const secrets = JSON.parse(readFileSync(join(localDir, 'secrets.json'), 'utf8'));
    expect(secrets.organiserToken).toBe(stack.organiserToken);
    expect(secrets.hashKey.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the built page with its script', async () => {
    const page = await fetch(`${stack.app}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="\/?(app\.js[^"]*)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${stack.app}/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('seeds the demo letter and petition, and counts a signature through the running poller', async () => {
    const { items } = (await (await fetch(`${stack.app}/api/petitions`)).json()) as { items: { slug: string; kind: string }[] };
    expect(items.map((i) => i.kind).sort()).toEqual(['letter', 'petition']);
    const slug = items.find((i) => i.kind === 'letter')!.slug;

    const signed = await fetch(`${stack.app}/api/petitions/${slug}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ануш Саргсян', email: 'anush@example.org', country: 'AM' }),
    });
    expect(signed.status).toBe(202);

    const deadline = Date.now() + 5000;
    let count = 0;
    while (Date.now() < deadline && count < 1) {
      count = ((await (await fetch(`${stack.app}/api/petitions/${slug}/count`)).json()) as { count: number }).count;
      if (count < 1) await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBe(1);
  });

  it('refuses a taken port with a message that says what to do', async () => {
    const port = Number(new URL(stack.app).port);
    const second = startLocalStack({ localDir, port, inMemory: true });
    await expect(second).rejects.toThrow(new RegExp(`Port ${port} is already in use.*PORT=`));
  });
});
