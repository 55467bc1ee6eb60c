/**
 * Campaign pages published from the petitions table's stream (issue #17, item 1), on real engines:
 * DynamoDB Local's stream read by the consumer as Lambda would run it (its record filters included),
 * and the site bucket in the S3 stand-in. Opening, editing, translating, closing a campaign publishes
 * what the public answer would show; a draft is never published; a batch delivered again writes the
 * same bytes; the count alone refreshes the page at most once a minute. The publisher also stores each
 * text's rendering, which the public answer and the co-signing preview show only while it matches the
 * text (before that, and after an edit until it runs again, the text plain and escaped).
 */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables, TEST_SITE_URL } from '../support/local-tables.ts';
import { LOCAL_SITE_BUCKET, putLocalShell } from '../../infra/local/s3.ts';
import { localCredentials } from '../../infra/local/dynamodb.ts';

const env = await useLocalTables();
const s3 = await useLocalS3();
await putLocalShell(s3, readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8'));
const { seedCampaign } = await import('../support/campaigns.ts');
const { startLocalApi } = await import('../support/local-api.ts');
const store = await import('#store/campaigns.ts');
const { documents } = await import('#lib/clients.ts');
const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
const { publishCampaignPages } = await import('#usecases/publish-pages.ts');
const { RENDER_RULES, textHash } = await import('#rules/rendered-text.ts');

const batches: DynamoDBStreamEvent[] = [];
const { poller, handler } = await env.consumerPoller('publish-campaign-pages', (inner) => async (event: DynamoDBStreamEvent, context: Context) => {
  batches.push(event);
  return inner(event, context);
});
const api = await startLocalApi();
const client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: localCredentials });

afterAll(async () => {
  client.destroy();
  await api.close();
  await poller.stop();
  await s3.stop();
  await env.cleanup();
});

async function object(key: string): Promise<{ html: string; contentType?: string; cacheControl?: string } | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: LOCAL_SITE_BUCKET, Key: key }));
    return { html: await out.Body!.transformToString('utf-8'), contentType: out.ContentType, cacheControl: out.CacheControl };
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: LOCAL_SITE_BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

const meta = (html: string, property: string) => new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html)?.[1];

describe('publishing from the stream', () => {
  const slug = 'pages-georgian';
  let campaign: Awaited<ReturnType<typeof seedCampaign>>;

  beforeAll(async () => {
    campaign = await seedCampaign(slug, { title: 'გაათავისუფლეთ ნადია & "ლევანი"', text: 'ისინი **დააპატიმრეს**.', language: 'ka' });
    await poller.drain();
  });

  it('an opened campaign gets its page in the site bucket, text/html, with its tags in its language', async () => {
    const page = await object(`c/${slug}/index.html`);
    expect(page).toBeDefined();
    expect(page!.contentType).toBe('text/html; charset=utf-8');
    expect(page!.cacheControl).toBe('public, max-age=60');
    expect(page!.html).toContain('<html lang="ka" dir="ltr">');
    expect(meta(page!.html, 'og:title')).toBe('გაათავისუფლეთ ნადია &amp; &quot;ლევანი&quot;');
    expect(meta(page!.html, 'og:url')).toBe(`${TEST_SITE_URL}/c/${slug}`);
    expect(meta(page!.html, 'og:locale')).toBe('ka_GE');
    expect(page!.html).toContain('<strong>დააპატიმრეს</strong>');
    expect(page!.html).toContain('0 ხელმოწერა');
    expect(await keysUnder(`c/${slug}/`)).toEqual([`c/${slug}/index.html`]);
  });

  it('the public answer gives the page’s url', async () => {
    const answer = await api.call('GET', `/api/campaigns/${slug}`);
    expect(answer.status).toBe(200);
    expect(answer.json.url).toBe(`${TEST_SITE_URL}/c/${slug}`);
  });

  it('a change of title republishes; a translation gets its own page and every page lists it', async () => {
    campaign = await store.updateCampaign(campaign, { title: 'ახალი სათაური' }, { keepVersion: true, by: 'test', now: new Date() });
    campaign = await store.putTranslation(campaign, 'hy', { title: 'Ազատություն Նադիային', text: 'Նրանց ձերբակալեցին։', sourceVersion: campaign.version, updatedAt: new Date().toISOString(), updatedBy: 'test' }, new Date());
    await poller.drain();
    const original = (await object(`c/${slug}/index.html`))!.html;
    expect(meta(original, 'og:title')).toBe('ახალი სათაური');
    expect(original).toContain(`<link rel="alternate" hreflang="hy" href="${TEST_SITE_URL}/c/${slug}/hy">`);
    const hy = (await object(`c/${slug}/hy/index.html`))!.html;
    expect(hy).toContain('<html lang="hy" dir="ltr">');
    expect(meta(hy, 'og:title')).toBe('Ազատություն Նադիային');
    expect(meta(hy, 'og:url')).toBe(`${TEST_SITE_URL}/c/${slug}/hy`);
    expect(hy).toContain('Նրանց ձերբակալեցին։');
    const answer = await api.call('GET', `/api/campaigns/${slug}?lang=hy`);
    expect(answer.json.url).toBe(`${TEST_SITE_URL}/c/${slug}/hy`);
  });

  it('a translation removed loses its page, and its text is not kept as a stored rendering', async () => {
    const { rawItems } = await import('../support/raw-items.ts');
    const rendered = async () => (await rawItems(env.tables.PETITIONS_TABLE!, slug)).map((item) => String(item.sk)).filter((sk) => sk.includes('HTML'));
    expect(await rendered()).toContain('TRANSLATED-HTML#hy');
    campaign = await store.deleteTranslation(campaign, 'hy', new Date());
    expect(await rendered()).not.toContain('TRANSLATED-HTML#hy');
    await poller.drain();
    expect(await rendered()).not.toContain('TRANSLATED-HTML#hy');
    expect(await keysUnder(`c/${slug}/`)).toEqual([`c/${slug}/index.html`]);
    expect((await object(`c/${slug}/index.html`))!.html).not.toContain('hreflang="hy"');
  });

  it('a closed campaign stays published, as the public answer shows it, and says it is closed', async () => {
    campaign = await store.setStatus(campaign, { status: 'closed', closedAt: new Date().toISOString() }, new Date());
    await poller.drain();
    expect((await api.call('GET', `/api/campaigns/${slug}`)).json.status).toBe('closed');
    expect((await object(`c/${slug}/index.html`))!.html).toContain('ხელმოწერების შეგროვება დასრულებულია');
  });

  it('a batch delivered again writes the same bytes and fails nothing', async () => {
    const before = await object(`c/${slug}/index.html`);
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches.slice()) await handler(batch, {} as Context);
    expect(await object(`c/${slug}/index.html`)).toEqual(before);
    expect(await keysUnder(`c/${slug}/`)).toEqual([`c/${slug}/index.html`]);
  });
});

describe('the local server at /c/<slug>', () => {
  it('answers the published page, the shell while there is none, and nothing else under /c/', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const [{ createLocalServer }, { pageKeyOfPath }, { readPage }] = await Promise.all([
      import('../../infra/local/server.ts'),
      import('#rules/campaign-paths.ts'),
      import('#documents/site-bucket.ts'),
    ]);
    const webRoot = mkdtempSync(join(tmpdir(), 'undersigned-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>shell</title>');
    const server = createLocalServer([], webRoot, undefined, { keyOf: pageKeyOfPath, read: readPage });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const published = await fetch(`${base}/c/pages-georgian`);
      expect(published.status).toBe(200);
      expect(published.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(published.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await published.text()).toContain('<meta property="og:url" content="http://undersigned.test/c/pages-georgian">');
      expect(await (await fetch(`${base}/c/pages-georgian/`)).text()).toContain('og:url');
      // Not published (yet, or a draft): the shell, whose script says "not found" if it is none.
      const missing = await fetch(`${base}/c/pages-draft-never-made`);
      expect(missing.status).toBe(200);
      expect(await missing.text()).toBe('<!doctype html><title>shell</title>');
      // Anything else under /c/ (the card, an unknown language, encoded dots) is no page: no published
      // file is read for it, and nothing fails.
      for (const path of ['/c/..%2Findex.html', '/c/pages-georgian/..%2F..%2Findex.html', '/c/%2e%2e/pages-georgian', '/c/pages-georgian/xx', '/c/pages-georgian/card.png', '/c/PAGES-GEORGIAN']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBeLessThan(500);
        expect(await res.text(), path).not.toContain('og:url');
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('drafts', () => {
  it('a private draft is never published, nor one stored under its slug; once opened, it is', async () => {
    const draft = await seedCampaign('pages-draft', { status: 'draft', orgId: 'org-a', privateDraft: true, title: 'Secret plan' });
    await seedCampaign('pages-old-draft', { status: 'draft', title: 'Old secret' });
    await poller.drain();
    expect(await keysUnder('c/pages-draft/')).toEqual([]);
    expect(await keysUnder('c/pages-old-draft/')).toEqual([]);
    // Asked directly (a redelivery, the republish command): still nothing.
    expect(await publishCampaignPages('pages-old-draft', { siteUrl: TEST_SITE_URL })).toBe('removed');
    expect(await keysUnder('c/pages-old-draft/')).toEqual([]);
    const all = await keysUnder('c/');
    expect(all.join('\n')).not.toMatch(/secret/i);

    const opened = await store.openDraft(draft, { status: 'open', openedAt: new Date().toISOString() }, new Date());
    expect(opened).toBeDefined();
    await poller.drain();
    expect(meta((await object('c/pages-draft/index.html'))!.html, 'og:title')).toBe('Secret plan');
  });
});

describe('the count', () => {
  const slug = 'pages-count';

  it('refreshes at most once a minute: a counter moving again within it leaves the page; past it, the page shows the count', async () => {
    await seedCampaign(slug, { title: 'Count me' });
    await poller.drain();
    expect((await object(`c/${slug}/index.html`))!.html).toContain('0 signatures');
    await documents.send(new UpdateCommand({ TableName: env.tables.PETITIONS_TABLE, Key: { pk: slug, sk: 'COUNT' }, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':c': 7 } }));
    await poller.drain();
    // Written a moment ago: the counter's record is passed over.
    expect((await object(`c/${slug}/index.html`))!.html).toContain('0 signatures');
    // A minute on, the same record refreshes it.
    const later = new Date(Date.now() + 61_000);
    expect(await publishCampaignPages(slug, { siteUrl: TEST_SITE_URL, countOnly: true, now: later })).toBe('published');
    expect((await object(`c/${slug}/index.html`))!.html).toContain('7 signatures');
  });
});

describe('what a published page never holds', () => {
  it('a signer listed publicly on the campaign is not on its published page: no name, address or comment', async () => {
    const slug = 'pages-public-list';
    await seedCampaign(slug, { publicSigners: true });
    const [{ signLikeBrowser }, { waitForMail, linksIn }] = await Promise.all([import('../support/signer.ts'), import('../support/mailbox.ts')]);
    const signer = { name: 'Zviad Witnessname', email: 'zviad.witness@example.org', country: 'GE', comment: 'Unmistakable-comment-7431', showName: true };
    const after = new Date();
    expect((await signLikeBrowser(api.call, slug, signer)).status).toBe(202);
    const stream = await env.signatureStream();
    await stream.mailer.drain();
    const { confirm } = linksIn(await waitForMail(env.mailbox, { to: signer.email, after, subjectIncludes: 'confirm' }));
    expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
    await stream.counter.drain();
    // The public answer does list the signer (so the page could have carried the name)…
    expect((await api.call('GET', `/api/campaigns/${slug}/signers`)).text).toContain('Zviad');
    // …and the page, published after the signature counted, shows the count and nothing of the signer.
    expect(await publishCampaignPages(slug, { siteUrl: TEST_SITE_URL })).toBe('published');
    const { html } = (await object(`c/${slug}/index.html`))!;
    expect(html).toContain('1 signature');
    for (const secret of ['Zviad', 'Witnessname', 'zviad.witness', 'example.org', 'Unmistakable-comment-7431']) expect(html, secret).not.toContain(secret);
  });
});

describe('the text’s HTML, rendered when written (issue #16)', () => {
  const slug = 'pages-html';
  const FIRST = 'We ask **you** to read [the report](https://example.org/report).\n\n<script>alert(1)</script> & "more"';
  const SECOND = 'A **new** text & <script>alert(2)</script>';
  let campaign: Awaited<ReturnType<typeof seedCampaign>>;
  let token: string;
  const publicHtml = async (query = '') => (await api.call('GET', `/api/campaigns/${slug}${query}`)).json.textHtml as string;
  const previewHtml = async () => {
    const answer = await api.call('POST', `/api/campaigns/${slug}/cosigners/preview`, { token });
    expect(answer.status).toBe(200);
    return answer.json.textHtml as string;
  };
  const stored = async () => {
    const { rawItems } = await import('../support/raw-items.ts');
    return (await rawItems(env.tables.PETITIONS_TABLE!, slug)).filter((item) => String(item.sk).includes('HTML'));
  };

  beforeAll(async () => {
    campaign = await seedCampaign(slug, { title: 'Rendered once', text: FIRST });
    const { hashToken, newToken } = await import('#rules/tokens.ts');
    token = newToken();
    await store.putCosignInvite(slug, hashToken(token), 'test', new Date(), new Date(Date.now() + 86_400_000));
  });

  it('before the publisher has run: the text escaped as plain paragraphs, nothing of it live', async () => {
    const expected = '<p>We ask **you** to read [the report](https://example.org/report).</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;</p>';
    expect(await publicHtml()).toBe(expected);
    expect(await previewHtml()).toBe(expected);
  });

  it('after it: the rendering it stored, for the public answer and the co-signing preview alike; its own records start nothing', async () => {
    batches.length = 0;
    await poller.drain();
    // A line opening with <script> is an HTML block to micromark, shown as text (so no <p> around it).
    const rendered = '<p>We ask <strong>you</strong> to read <a href="https://example.org/report" rel="noopener noreferrer nofollow">the report</a>.</p>\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; "more"';
    expect(await publicHtml()).toBe(rendered);
    expect(await previewHtml()).toBe(rendered);
    expect((await object(`c/${slug}/index.html`))!.html).toContain('<strong>you</strong>');
    const [item] = await stored();
    expect(item).toMatchObject({ sk: 'HTML', html: rendered, rules: RENDER_RULES, textHash: textHash(FIRST) });
    // The stored item's stream record reached no handler call, and nothing is left to deliver.
    const keys = batches.flatMap((batch) => batch.Records.map((record) => record.dynamodb?.Keys?.sk?.S));
    expect(keys).toContain('META');
    expect(keys).not.toContain('HTML');
    batches.length = 0;
    await poller.drain();
    expect(batches).toEqual([]);
  });

  it('an edit is shown at once, plain, never as the old text’s HTML; rendered once the publisher has run', async () => {
    campaign = await store.updateCampaign(campaign, { text: SECOND }, { keepVersion: true, by: 'test', now: new Date() });
    const plain = '<p>A **new** text &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>';
    expect(await publicHtml()).toBe(plain);
    expect(await previewHtml()).toBe(plain);
    await poller.drain();
    const rendered = '<p>A <strong>new</strong> text &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>';
    expect(await publicHtml()).toBe(rendered);
    expect(await previewHtml()).toBe(rendered);
  });

  it('a translation likewise: plain until rendered, its own rendering after, the original’s untouched', async () => {
    const translation = (text: string) => ({ title: 'Გამოცდა', text, sourceVersion: campaign.version, updatedAt: new Date().toISOString(), updatedBy: 'test' });
    campaign = await store.putTranslation(campaign, 'ka', translation('ჩვენ **გთხოვთ** <b>x</b>'), new Date());
    expect(await publicHtml('?lang=ka')).toBe('<p>ჩვენ **გთხოვთ** &lt;b&gt;x&lt;/b&gt;</p>');
    await poller.drain();
    expect(await publicHtml('?lang=ka')).toBe('<p>ჩვენ <strong>გთხოვთ</strong> &lt;b&gt;x&lt;/b&gt;</p>');
    expect(await publicHtml()).toBe('<p>A <strong>new</strong> text &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>');
    expect((await stored()).map((item) => item.sk).sort()).toEqual(['HTML', 'TRANSLATED-HTML#ka']);

    campaign = await store.putTranslation(campaign, 'ka', translation('მეორე _ტექსტი_'), new Date());
    expect(await publicHtml('?lang=ka')).toBe('<p>მეორე _ტექსტი_</p>');
    await poller.drain();
    expect(await publicHtml('?lang=ka')).toBe('<p>მეორე <em>ტექსტი</em></p>');
  });

  it('a rendering of older rules is never shown; publishing again (npm run pages:publish) renders it anew', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    await documents.send(
      new PutCommand({ TableName: env.tables.PETITIONS_TABLE, Item: { pk: slug, sk: 'HTML', html: '<p>OLD RULES</p>', textHash: textHash(SECOND), rules: RENDER_RULES - 1 } }),
    );
    expect(await publicHtml()).toBe('<p>A **new** text &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>');
    expect(await publishCampaignPages(slug, { siteUrl: TEST_SITE_URL })).toBe('published');
    expect(await publicHtml()).toBe('<p>A <strong>new</strong> text &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>');
    expect((await stored()).find((item) => item.sk === 'HTML')).toMatchObject({ rules: RENDER_RULES, textHash: textHash(SECOND) });
  });
});
