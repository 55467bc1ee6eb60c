/**
 * The page's routes: hashes read into a Route.
 */
import { describe, it, expect } from 'vitest';
import { parseRoute, campaignApiPath, campaignHash } from './routes.ts';

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
