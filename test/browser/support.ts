/**
 * For the browser tests: the whole local stack (in memory, demo data) in a temporary directory, a
 * headless Chromium driven by playwright-core, axe-core, and the mail links the tests follow.
 * Each test file starts its own stack and browser, so files share nothing and can run in any order.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { DEMO_ORGANISER, startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { readMailbox, waitForMail, type MailboxMessage } from '../support/mailbox.ts';
import { signLikeBrowser } from '../support/signer.ts';

export { DEMO_ORGANISER };

/** Debian's package puts it here; elsewhere set CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Phone and desktop widths the pages must work at. */
export const PHONE = { width: 360, height: 800 };
export const DESKTOP = { width: 1280, height: 900 };

export interface BrowserStack {
  stack: LocalStack;
  browser: Browser;
  /** Errors the pages logged or threw: a test ends by expecting none. */
  pageErrors: string[];
  newPage(viewport?: { width: number; height: number }, options?: { acceptDownloads?: boolean }): Promise<Page>;
  stop(): Promise<void>;
}

/** Fails with what to do, not with playwright's long launch error, when there is no browser. */
function chromiumPath(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests drive a real Chromium: install Debian's ` +
        `(sudo apt-get install chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return CHROMIUM_PATH;
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const executablePath = chromiumPath();
  // The page's proof of work runs for real; a tenth of the production cost keeps each signature quick.
  // Read by the handlers at import, which happens inside startLocalStack.
  process.env.CHALLENGE_COST ||= '500';
  const localDir = mkdtempSync(join(tmpdir(), 'undersigned-browser-'));
  const stack = await startLocalStack({ localDir, port: 0, demo: true, inMemory: true });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  } catch (error) {
    await stack.stop();
    rmSync(localDir, { recursive: true, force: true });
    throw error;
  }
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    pageErrors,
    async newPage(viewport = DESKTOP, options = {}) {
      const context = await browser.newContext({ viewport, acceptDownloads: options.acceptDownloads ?? false });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        // A 4xx the page expects (e.g. /api/me before sign-in) is logged by Chromium as a failed load; not a page error.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
          pageErrors.push(`${page.url()}: ${message.text()}`);
        }
      });
      return page;
    },
    async stop() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => undefined);
      await stack.stop();
      rmSync(localDir, { recursive: true, force: true });
    },
  };
}

/**
 * axe-core's violations on the page as it is now, one line each (rule, impact, help, where), so a
 * failing expectation says what to fix. axe runs inside the page: CDP evaluation is not subject to
 * the page's CSP, so the CSP stays as in production.
 */
export async function axeViolations(page: Page | Frame): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`).slice(0, 4).join('; ')}`,
  );
}

/** How far the page is wider than the window (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** How many messages the mailbox holds: note it before an action, then wait for a message after it. */
export async function mailCount(mailbox: string): Promise<number> {
  return (await readMailbox(mailbox)).length;
}

/**
 * The newest message to `to` that arrived after the first `skip` messages, containing a link matching
 * `pattern` in its text; the link. The fake stamps whole seconds, so counting is what tells apart
 * two mails to the same address in one second.
 */
export async function mailLink(mailbox: string, to: string, pattern: RegExp, skip = 0, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh: MailboxMessage[] = (await readMailbox(mailbox)).slice(skip);
    const text = fresh.filter((m) => m.destination.to.some((r) => r.toLowerCase().includes(to.toLowerCase()))).at(-1)?.body.text;
    const link = text && pattern.exec(text)?.[0];
    if (link) return link;
    if (Date.now() > deadline) {
      // Through waitForMail for its message, which names what was awaited without quoting any mail.
      await waitForMail(mailbox, { to, timeoutMs: 0 });
      throw new Error(`The mail to ${to} holds no link matching ${pattern}.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Signs the demo organiser in from the page (its proof of work solved in the page), through the
 * emailed link and the button on the page it opens; ends on the campaigns list.
 */
export async function signInOrganiser(bs: BrowserStack, page: Page): Promise<void> {
  const before = await mailCount(bs.stack.mailbox);
  await page.goto(`${bs.stack.app}/#/org`);
  await page.getByLabel('Your email address').fill(DEMO_ORGANISER);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 30_000 });
  const link = await mailLink(bs.stack.mailbox, DEMO_ORGANISER, /http\S+#\/org\/sign-in\/\S+/, before);
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/#\/org\/campaigns$/);
  await page.locator('.card').first().waitFor();
}

/** The live count of a campaign, from the API (what every page polls). */
export async function apiCount(app: string, slug: string): Promise<number> {
  const response = await fetch(`${app}/api/campaigns/${encodeURIComponent(slug)}/count`);
  return ((await response.json()) as { count: number }).count;
}

/** Signs like the page does (a solved proof of work with each submission), through the API. */
export async function signViaApi(app: string, slug: string, signer: Record<string, unknown>): Promise<void> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };
  const { status } = await signLikeBrowser(call, slug, signer);
  if (status !== 202) throw new Error(`Signing ${slug} through the API answered ${status}.`);
}

/**
 * Tabs through the whole page from the top once and returns the controls that took keyboard focus
 * without showing it, and how many were reached. Shown means a focus ring (outline or box-shadow)
 * appears on the control, on its label, or around it (a card ringed by `:focus-within`): what is
 * drawn while focused is compared with what is drawn after the focus leaves.
 */
export async function focusWithoutRing(page: Page, maxTabs = 200): Promise<{ reached: number; unseen: string[] }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set<string>();
  const unseen: string[] = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const path: string[] = [];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
        path.unshift(`${node.tagName.toLowerCase()}:nth-child(${[...(node.parentElement?.children ?? [])].indexOf(node) + 1})`);
      }
      const candidates: Element[] = [...((el as HTMLInputElement).labels ?? [])];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) candidates.push(node);
      const drawn = () =>
        candidates
          .map((c) => {
            const style = getComputedStyle(c);
            return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}|${style.boxShadow}`;
          })
          .join(';');
      const focusedLook = drawn();
      el.blur();
      const ring = drawn() !== focusedLook;
      el.focus({ preventScroll: true });
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return { key: path.join('>'), ring, label: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${text}"` };
    });
    // Back to the start (or out of the page): every control has had its turn.
    if (!focused || seen.has(focused.key)) break;
    seen.add(focused.key);
    if (!focused.ring) unseen.push(focused.label);
  }
  return { reached: seen.size, unseen };
}
