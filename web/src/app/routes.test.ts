/**
 * The page's routes: hashes read into a Route.
 */
import { describe, it, expect } from 'vitest';
import { parseRoute, campaignApiPath, campaignHash, campaignPath, campaignUrl, canonicalLocation, parseCampaignPath, routeOf } from './routes.ts';

describe('parseRoute', () => {
  it('routes the empty hash, "#" and "#/" to the list', () => {
    expect(parseRoute('')).toEqual({ name: 'list' });
    expect(parseRoute('#')).toEqual({ name: 'list' });
    expect(parseRoute('#/')).toEqual({ name: 'list' });
  });

  it('routes #/p/<slug> to that campaign', () => {
    expect(parseRoute('#/p/some-slug')).toEqual({ name: 'petition', slug: 'some-slug' });
    expect(parseRoute('#/p/some-slug/')).toEqual({ name: 'petition', slug: 'some-slug' });
    expect(parseRoute('#/p/some-slug?ref=mail')).toEqual({ name: 'petition', slug: 'some-slug' });
  });

  it('decodes percent-encoded slugs and round-trips campaignHash', () => {
    const slug = 'თავისუფლება-2025';
    expect(parseRoute(campaignHash(slug))).toEqual({ name: 'petition', slug });
    expect(campaignHash('a b/c')).toBe('#/p/a%20b%2Fc');
  });

  it('treats garbage as unknown', () => {
    for (const hash of ['#/p/', '#/p', '#/x/slug', '#/p/a/b', '#main', '#/p/%E0%A4%A', '#/p/%2F', '#/p/%0A', 'garbage']) {
      expect(parseRoute(hash), hash).toEqual({ name: 'unknown' });
    }
    expect(parseRoute(`#/p/${'a'.repeat(201)}`)).toEqual({ name: 'unknown' });
  });

  it('encodes slugs in API paths', () => {
    expect(campaignApiPath('free-them')).toBe('/api/campaigns/free-them');
    expect(campaignApiPath('free-them', '/count')).toBe('/api/campaigns/free-them/count');
    expect(campaignApiPath('a/../b', '/signatures')).toBe('/api/campaigns/a%2F..%2Fb/signatures');
  });
});

describe('campaign paths (issue #17)', () => {
  it('shares /c/<slug>, the published page', () => {
    expect(campaignUrl('https://undersigned.example/', 'free-nadia')).toBe('https://undersigned.example/c/free-nadia');
    expect(campaignPath('a b')).toBe('/c/a%20b');
  });

  it('reads /c/<slug> and /c/<slug>/<lang>, and nothing else', () => {
    expect(parseCampaignPath('/c/free-nadia')).toEqual({ slug: 'free-nadia' });
    expect(parseCampaignPath('/c/free-nadia/')).toEqual({ slug: 'free-nadia' });
    expect(parseCampaignPath('/c/free-nadia/ka')).toEqual({ slug: 'free-nadia', lang: 'ka' });
    for (const path of ['/', '/c/', '/c', '/c/x/card.png', '/c/x/ka/more', '/c/%E0%A4%A', '/p/x', '/c/x/KA']) {
      expect(parseCampaignPath(path), path).toBeUndefined();
    }
  });

  it('routes a campaign path to its campaign unless a hash route names another page', () => {
    expect(routeOf('/c/free-nadia', '')).toEqual({ name: 'petition', slug: 'free-nadia' });
    expect(routeOf('/c/free-nadia/ka', '#main')).toEqual({ name: 'petition', slug: 'free-nadia' });
    expect(routeOf('/c/free-nadia', '#/privacy')).toEqual({ name: 'privacy' });
    expect(routeOf('/', '')).toEqual({ name: 'list' });
    expect(routeOf('/', '#/p/x/confirm/i/t')).toMatchObject({ name: 'confirm', slug: 'x' });
  });

  it('moves old #/p/<slug> links to /c/<slug>, and hash routes off a campaign path; mail links stay', () => {
    expect(canonicalLocation('/', '', '#/p/free-nadia')).toBe('/c/free-nadia');
    expect(canonicalLocation('/', '?lang=ka', '#/p/free-nadia/')).toBe('/c/free-nadia?lang=ka');
    expect(canonicalLocation('/c/other', '', '#/p/free-nadia')).toBe('/c/free-nadia');
    expect(canonicalLocation('/c/free-nadia', '', '#/privacy')).toBe('/#/privacy');
    // Mail and co-signing links are hash routes at `/`, exactly as mailed: left where they are.
    expect(canonicalLocation('/', '', '#/p/x/confirm/id/token')).toBeUndefined();
    expect(canonicalLocation('/', '', '#/p/x/withdraw/id/token')).toBeUndefined();
    expect(canonicalLocation('/', '', '#/p/x/cosign/token')).toBeUndefined();
    expect(canonicalLocation('/c/x', '', '')).toBeUndefined();
    expect(canonicalLocation('/c/x', '', '#main')).toBeUndefined();
    expect(canonicalLocation('/', '', '')).toBeUndefined();
  });
});
