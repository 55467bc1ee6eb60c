/**
 * The snippet (widget.js) and the embed page: parameters, sizes, snippets and sources.
 */
import { describe, expect, it } from 'vitest';
import { embeddingHost, embedUrl, iframeSnippet, parseEmbedParams, readResizeMessage, resizeMessage, scriptSnippet } from './embed-rules.ts';

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
