/**
 * Links in mails act only when a person presses the button on the page they open (issue #13). A mail
 * scanner that opens a link and runs its scripts must spend nothing: for the organiser's sign-in link,
 * the sign-in link in a member invitation and a co-signing invitation, a "scanner" browser opens the
 * link and waits; no request that would act is sent, the link still works afterwards for the person,
 * and only their press acts. Also: the sign-in page solves its proof of work in the browser, as the
 * sign form does, and shows it doing so.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#routes';
import { solvedChallenge } from '../support/signer.ts';
import { DEMO_ORGANISER, DESKTOP, PHONE, mailCount, mailLink, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

let bs: BrowserStack;
let owner: Page;

/** How long a scanner lingers on a page it opened: long enough for any script to have run. */
const LINGER_MS = 3000;
const SIGN_IN_LINK = /http\S+#\/org\/sign-in\/\S+/;

beforeAll(async () => {
  bs = await startBrowserStack();
  owner = await bs.newPage(DESKTOP);
});

afterAll(async () => {
  await bs?.stop();
});

/** The API from outside, as a script would use it. */
async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${bs.stack.app}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

/**
 * The routes that read what a link holds without spending it: POSTs only so that the token stays out
 * of addresses and logs (`preview-signature`, `preview-cosign`). Their pages post the link's token to
 * them on opening; that reads, and each test below checks the link still works afterwards.
 */
const readingPosts = routes
  .filter((r) => r.method === 'POST' && r.name.startsWith('preview-'))
  .map((r) => new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`));

/**
 * Opens a link the way a mail scanner does (a browser of its own, scripts running), waits, and
 * returns the page with the requests it sent that would act: anything but reading.
 */
async function scan(url: string): Promise<{ page: Page; acting: string[] }> {
  const page = await bs.newPage(PHONE);
  const acting: string[] = [];
  page.on('request', (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() !== 'GET' && !readingPosts.some((read) => read.test(path))) acting.push(`${request.method()} ${path}`);
  });
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(LINGER_MS);
  return { page, acting };
}

describe('the sign-in page', () => {
  it('solves the proof of work in the browser, shows the check, and sends the solution with the address', async () => {
    const page = await bs.newPage(PHONE);
    await page.goto(`${bs.stack.app}/#/org`);
    // The same widget and hint as on the sign form.
    await page.locator('form .anti-spam altcha-widget').waitFor();
    await expect(page.locator('form .anti-spam .hint').textContent()).resolves.toContain('Runs by itself on your device');
    await page.getByLabel('Your email address').fill(DEMO_ORGANISER);
    // Focusing the form started the check; the widget says when it is done.
    await page.locator('altcha-widget', { hasText: 'Check complete' }).waitFor({ timeout: 30_000 });
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/auth/link')),
      page.getByRole('button', { name: 'Send me a sign-in link' }).click(),
    ]);
    const body = request.postDataJSON() as { email: string; altcha: string };
    expect(body.email).toBe(DEMO_ORGANISER);
    expect(JSON.parse(Buffer.from(body.altcha, 'base64').toString('utf8'))).toMatchObject({ challenge: { signature: expect.any(String) }, solution: {} });
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    // Truthful about the cap, so someone who sent the form many times knows why no more mails come.
    await page.getByText('At most 5 sign-in emails an hour go to one address').waitFor();
    expect(bs.pageErrors).toEqual([]);
  });
});

describe('a link opened by a mail scanner is not spent', () => {
  it('the sign-in link: the page only offers a button; the person presses it later and is signed in, once', async () => {
    const before = await mailCount(bs.stack.mailbox);
    expect((await call('POST', '/api/auth/link', { email: DEMO_ORGANISER, altcha: await solvedChallenge(call) })).status).toBe(202);
    const link = await mailLink(bs.stack.mailbox, DEMO_ORGANISER, SIGN_IN_LINK, before);

    const scanner = await scan(link);
    expect(scanner.acting).toEqual([]);
    await expect(scanner.page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    expect(scanner.page.url()).toBe(link);

    await owner.goto(link);
    await owner.getByRole('heading', { name: 'Sign in to Undersigned' }).waitFor();
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await owner.waitForURL(/#\/org\/campaigns$/);
    await owner.locator('.card').first().waitFor();

    // Still one use only: the scanner's page, pressed now, is told the link no longer works.
    await scanner.page.getByRole('button', { name: 'Sign in' }).click();
    await scanner.page.getByRole('heading', { name: 'This sign-in link does not work' }).waitFor();
  });

  it("an invitation's sign-in link: opened by a scanner, it still signs the invited member in when pressed", async () => {
    const invitee = `invited-${Date.now()}@example.org`;
    const before = await mailCount(bs.stack.mailbox);
    await owner.goto(`${bs.stack.app}/#/org/members`);
    await owner.getByLabel('Email address').fill(invitee);
    await owner.getByRole('combobox', { name: 'Role' }).last().selectOption('viewer');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`Invitation sent to ${invitee}.`).waitFor();
    const link = await mailLink(bs.stack.mailbox, invitee, SIGN_IN_LINK, before);

    const scanner = await scan(link);
    expect(scanner.acting).toEqual([]);

    const member = await bs.newPage(DESKTOP);
    await member.goto(link);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.waitForURL(/#\/org\/campaigns$/);
    const me = await member.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toMatchObject({ email: invitee, role: 'viewer' });
  });

  it('a co-signing invitation: opened by a scanner, nothing is sent; the organisation co-signs with the submit button', async () => {
    const slug = 'free-nadia-and-levan';
    const invite = await owner.evaluate(async (path) => {
      const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return (await response.json()) as { url: string };
    }, `/api/org/campaigns/${slug}/cosign-invites`);
    expect(invite.url).toMatch(/#\/p\/free-nadia-and-levan\/cosign\/[\w-]{43}$/);

    const scanner = await scan(invite.url);
    expect(scanner.acting).toEqual([]);
    await scanner.page.getByRole('heading', { name: 'Co-sign as an organisation' }).waitFor();
    // The page shows the letter it asks to sign: its title, addressees and text.
    const letter = scanner.page.locator('.cosign-letter');
    const shown = (await call('GET', `/api/campaigns/${slug}`)).json as { title: string; targets: { name: string }[] };
    await letter.getByRole('heading', { name: shown.title }).waitFor();
    expect(await letter.textContent()).toContain(shown.targets[0]!.name);
    expect(await letter.locator('.petition-text').textContent()).not.toBe('');

    const partner = await bs.newPage(DESKTOP);
    await partner.goto(invite.url);
    await partner.getByLabel('Organisation name').fill('Scanner-Proof Coalition');
    await partner.getByLabel('Country').selectOption('GE');
    await partner.getByRole('button', { name: 'Co-sign' }).click();
    await partner.getByRole('heading', { name: 'Thank you for co-signing' }).waitFor();
    const campaign = (await call('GET', `/api/campaigns/${slug}`)).json as { cosigners: { name: string }[] };
    expect(campaign.cosigners.map((c) => c.name)).toContain('Scanner-Proof Coalition');
    // Opened again once used, the link says at once that it no longer works, with no form to fill in.
    const late = await bs.newPage(DESKTOP);
    await late.goto(invite.url);
    await late.getByRole('heading', { name: 'This invitation does not work' }).waitFor();
    expect(await late.getByLabel('Organisation name').count()).toBe(0);
    expect(bs.pageErrors).toEqual([]);
  });
});
