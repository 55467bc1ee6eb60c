/**
 * What `npm start` does, end to end: its own DynamoDB Local, tables, demo campaigns, the built page,
 * the API, the running stream poller and the SES fake — and a clear refusal when the port is taken.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { signLikeBrowser } from '../support/signer.ts';
// API answers are held to the OpenAPI document (the page and files are not API answers).
import { checkedFetch } from '../support/contract.ts';

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
    expect(endpoints).toEqual({ app: stack.app, dynamodb: stack.dynamodb, mailbox: stack.mailbox, s3: stack.s3 });
    const secrets = JSON.parse(readFileSync(join(localDir, 'secrets.json'), 'utf8'));
    expect(Object.keys(secrets).sort()).toEqual(['hashKey', 'sessionKey']);
    expect(secrets.sessionKey.length).toBeGreaterThanOrEqual(32);
    expect(secrets.hashKey.length).toBeGreaterThanOrEqual(32);
  });

  it('makes a local data key once, readable by this user only, and tells the handlers where it is', () => {
    const keyFile = join(localDir, 'keys', 'data.key');
    expect(process.env.DATA_KEY_FILE).toBe(keyFile);
    expect(Buffer.from(readFileSync(keyFile, 'utf8'), 'base64url')).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(localDir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('points the handlers at the SES fake and at its own URL for links', () => {
    expect(process.env.AWS_ENDPOINT_URL_SESV2).toBe(stack.mailbox);
    expect(process.env.SITE_URL).toBe(stack.app);
    expect(process.env.MAIL_FROM).toBeTruthy();
    expect(process.env.CONFIRM_TTL_DAYS).toBe('7');
  });

  it('runs a mailbox that answers GET /store', async () => {
    const { mailbox } = JSON.parse(readFileSync(join(localDir, 'endpoints.json'), 'utf8'));
    const response = await fetch(`${mailbox}/store`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ emails: expect.any(Array) });
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

  it('seeds the demo campaigns; a signature counts once confirmed from the mailbox, and uncounts when withdrawn', async () => {
    const { items } = (await (await checkedFetch(`${stack.app}/api/campaigns`)).json()) as { items: { slug: string; kind: string }[] };
    expect(items.map((i) => i.kind).sort()).toEqual(['letter', 'petition']);
    const slug = items.find((i) => i.kind === 'letter')!.slug;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await checkedFetch(`${stack.app}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    };
    const count = async () => (await call('GET', `/api/campaigns/${slug}/count`)).json as { count: number };
    const waitForCount = async (expected: { count: number }) => {
      const deadline = Date.now() + 5000;
      let seen = await count();
      while (Date.now() < deadline && seen.count !== expected.count) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await count();
      }
      expect(seen).toMatchObject(expected);
      // The public count shows confirmed signatures only.
      expect(seen).not.toHaveProperty('pending');
    };
    const before = await count();

    const sent = new Date();
    const signed = await signLikeBrowser(call, slug, { name: 'Ануш Саргсян', email: 'anush@example.org', country: 'AM' });
    expect(signed.status).toBe(202);

    const mail = await waitForMail(stack.mailbox, { to: 'anush@example.org', after: sent });
    const links = linksIn(mail);
    expect(links.confirm?.url.startsWith(`${stack.app}/#/p/${slug}/confirm/`)).toBe(true);
    const { id, token } = links.confirm!;
    expect((await call('POST', `/api/campaigns/${slug}/signatures/${id}/confirm`, { token })).status).toBe(200);
    await waitForCount({ count: before.count + 1 });

    expect((await call('POST', `/api/campaigns/${slug}/signatures/${id}/withdraw`, { token })).status).toBe(200);
    await waitForCount({ count: before.count });
  });

  it('runs an export on its own job poller and serves the file from its local S3', async () => {
    const { DEMO_ORGANISER } = await import('../../infra/local/stack.ts');
    const { sessionHeaders } = await import('../support/organisers.ts');
    const headers = { ...(await sessionHeaders(DEMO_ORGANISER, 'demo')), 'content-type': 'application/json' };
    // The petition, not the letter the test above signed and withdrew from a moment ago: an export
    // that starts within a second of a withdrawal is outdated by design (functions/usecases/outdate-exports.ts).
    const base = `${stack.app}/api/org/campaigns/save-the-riverside-park/exports`;
    const started = await checkedFetch(base, { method: 'POST', headers, body: JSON.stringify({ format: 'csv' }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; download?: { url: string } } = { status: 'queued' };
    for (const deadline = Date.now() + 10_000; job.status !== 'done' && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await checkedFetch(`${base}/${id}`, { headers })).json()) as typeof job;
    }
    expect(job.status).toBe('done');
    expect(new URL(job.download!.url).origin).toBe(stack.s3);
    const file = await fetch(job.download!.url);
    expect(file.status).toBe(200);
    expect((await file.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('"name","country","comment","confirmed_at","text_version"');
  });

  it('refuses a taken port with a message that says what to do', async () => {
    const port = Number(new URL(stack.app).port);
    const second = startLocalStack({ localDir, port, inMemory: true });
    await expect(second).rejects.toThrow(new RegExp(`Port ${port} is already in use.*PORT=`));
  });

  it('keeps the data key across starts', async () => {
    const keyFile = join(localDir, 'keys', 'data.key');
    const key = readFileSync(keyFile, 'utf8');
    const port = Number(new URL(stack.app).port);
    await startLocalStack({ localDir, port, inMemory: true }).catch(() => undefined);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
  });
});
