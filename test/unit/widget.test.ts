/** The embeddable widget: the sign input's `source`, the snippet's message check, the embed page's host and params. */
import { describe, expect, it } from 'vitest';
import './unit-env.ts';
import { sourceSchema } from '../../functions/rules/signature.ts';
import { dashboardSources } from '../../functions/usecases/campaigns.ts';
import { embeddingHost, embedUrl, iframeSnippet, parseEmbedParams, readResizeMessage, resizeMessage, scriptSnippet, sourceRows } from '../../web/src/embed-logic.ts';

describe('source (sign input)', () => {
  it('takes a host name (lower-cased) and an optional tag', () => {
    expect(sourceSchema.parse({ host: 'NGO.Example.ge', tag: 'spring-mailing' })).toEqual({ host: 'ngo.example.ge', tag: 'spring-mailing' });
    expect(sourceSchema.parse({ host: 'localhost', tag: '' })).toEqual({ host: 'localhost' });
    expect(sourceSchema.parse({ host: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }).host).toHaveLength(253);
  });
  it.each([
    [{ host: 'https://ngo.example' }, 'source.host'],
    [{ host: 'ngo.example:8080' }, 'source.host'],
    [{ host: 'ngo#x.example' }, 'source.host'],
    [{ host: 'direct' }, 'source.host'],
    [{ host: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }, 'source.host'],
    [{ host: 'ngo.example', tag: 'a'.repeat(65) }, 'source.tag'],
    [{ host: 'ngo.example', tag: 'spring mailing' }, 'source.tag'],
    [{ host: 'ngo.example', tag: 'a#b' }, 'source.tag'],
    [{ host: 'ngo.example', extra: 1 }, undefined],
  ])('refuses %j', (input, message) => {
    const result = sourceSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (message) expect(result.error!.issues[0]!.message).toBe(message);
  });
});

describe('dashboard sources', () => {
  it('counts our own page as the rest of the total, and leaves out sources at zero', () => {
    expect(dashboardSources(10, { 'ngo.example': 3, 'ngo.example#mail': 2, 'gone.example': 0 })).toEqual({ direct: 5, 'ngo.example': 3, 'ngo.example#mail': 2 });
    expect(dashboardSources(2, { 'ngo.example': 2 })).toEqual({ 'ngo.example': 2 });
  });
  it('reads back as rows, most first, dropping malformed keys', () => {
    expect(sourceRows({ direct: 1, 'ngo.example#mail': 4, 'x.example': 2, 'bad key': 3, 'a#b#c': 1, 'neg.example': -1 })).toEqual([
      { key: 'ngo.example#mail', direct: false, host: 'ngo.example', tag: 'mail', count: 4 },
      { key: 'x.example', direct: false, host: 'x.example', count: 2 },
      { key: 'direct', direct: true, count: 1 },
    ]);
  });
});

describe('the snippet (widget.js) and the embed page', () => {
  const frame = {};
  const origin = 'https://undersigned.example';
  const ok = { origin, source: frame, data: resizeMessage('free-press', 812.4, 'Free the press') };
  it('takes heights only from our origin, from its own frame, for its campaign', () => {
    expect(readResizeMessage(ok, { origin, frame, slug: 'free-press' })).toEqual({ height: 813, title: 'Free the press' });
    expect(readResizeMessage({ ...ok, origin: 'https://evil.example' }, { origin, frame, slug: 'free-press' })).toBeUndefined();
    expect(readResizeMessage({ ...ok, source: {} }, { origin, frame, slug: 'free-press' })).toBeUndefined();
    expect(readResizeMessage(ok, { origin, frame, slug: 'other' })).toBeUndefined();
    expect(readResizeMessage(ok, { origin, frame: null, slug: 'free-press' })).toBeUndefined();
  });
  it.each([null, 'height:5', { type: 'other', slug: 'free-press', height: 5 }, { type: 'undersigned:resize', slug: 'free-press', height: -1 }, { type: 'undersigned:resize', slug: 'free-press', height: Number.NaN }, { type: 'undersigned:resize', slug: 'free-press', height: '500' }])(
    'ignores the message %j',
    (data) => expect(readResizeMessage({ origin, source: frame, data }, { origin, frame, slug: 'free-press' })).toBeUndefined(),
  );
  it('caps the height', () => {
    expect(readResizeMessage({ ...ok, data: resizeMessage('free-press', 1e9) }, { origin, frame, slug: 'free-press' })).toEqual({ height: 5000 });
  });
  it('names the embedding site from ancestorOrigins, else the referrer; not our own origin', () => {
    expect(embeddingHost({ ancestorOrigins: ['https://ngo.example.ge'], referrer: '', ownOrigin: origin })).toBe('ngo.example.ge');
    expect(embeddingHost({ referrer: 'https://www.ngo.example/page?x=1', ownOrigin: origin })).toBe('www.ngo.example');
    expect(embeddingHost({ referrer: `${origin}/#/org`, ownOrigin: origin })).toBeUndefined();
    expect(embeddingHost({ referrer: '', ownOrigin: origin })).toBeUndefined();
    expect(embeddingHost({ referrer: 'file:///x.html', ownOrigin: origin })).toBeUndefined();
  });
  it('reads and writes the embed URL', () => {
    const url = embedUrl(`${origin}/`, 'free-press', { lang: 'ka', tag: 'spring-mailing' });
    expect(url).toBe(`${origin}/embed.html?slug=free-press&lang=ka&tag=spring-mailing`);
    expect(parseEmbedParams(new URL(url).search)).toEqual({ slug: 'free-press', lang: 'ka', tag: 'spring-mailing' });
    expect(parseEmbedParams('?slug=free-press&tag=bad%20tag&lang=georgian')).toEqual({ slug: 'free-press' });
    expect(parseEmbedParams('?slug=../x')).toBeUndefined();
  });
  it('writes both snippets', () => {
    expect(scriptSnippet(origin, 'free-press', { lang: 'ka', tag: 'mail' })).toBe(`<script src="${origin}/widget.js" data-campaign="free-press" data-lang="ka" data-tag="mail" async></script>`);
    expect(iframeSnippet(origin, 'free-press', 'Free "the" press', { lang: 'ka' })).toContain(`src="${origin}/embed.html?slug=free-press&amp;lang=ka" title="Free &quot;the&quot; press"`);
  });
});
