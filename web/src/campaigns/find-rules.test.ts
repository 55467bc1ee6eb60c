/** The list's state in the address, and the requests it makes (issue #17). */
import { describe, expect, it } from 'vitest';
import { EMPTY_LIST_STATE, FIND_LIMITS, boundedQuery, listApiPath, listHash, readListState, sameList } from './find-rules.ts';
import { organisationHash, parseRoute } from '../app/routes.ts';

describe('the list in the address', () => {
  it('reads every filter, and writes them back in one order', () => {
    const state = readListState('#/?status=archive&q=%E1%83%9C%E1%83%90%E1%83%93%E1%83%98%E1%83%90&org=org-1&country=GE&kind=letter');
    expect(state).toEqual({ q: 'ნადია', kind: 'letter', country: 'GE', org: 'org-1', shelf: 'archive' });
    expect(listHash(state)).toBe('#/?q=%E1%83%9C%E1%83%90%E1%83%93%E1%83%98%E1%83%90&kind=letter&country=GE&org=org-1&status=archive');
    expect(readListState(listHash(state))).toEqual(state);
  });

  it('leaves out what does not fit, so a mangled link still shows a list', () => {
    expect(readListState('#/?kind=poem&status=drafts&country=XX&org=a%2Fb')).toEqual(EMPTY_LIST_STATE);
    expect(readListState('#/')).toEqual(EMPTY_LIST_STATE);
    expect(readListState('')).toEqual(EMPTY_LIST_STATE);
    expect(listHash(EMPTY_LIST_STATE)).toBe('#/');
    expect(parseRoute(listHash({ ...EMPTY_LIST_STATE, q: 'park' }))).toEqual({ name: 'list' });
  });

  it('cuts a search to the server’s limit in code points (an emoji is one)', () => {
    expect(Array.from(boundedQuery('😀'.repeat(FIND_LIMITS.queryMax + 5)))).toHaveLength(FIND_LIMITS.queryMax);
    expect(boundedQuery('ა'.repeat(FIND_LIMITS.queryMax))).toBe('ა'.repeat(FIND_LIMITS.queryMax));
  });

  it('asks the API for the state, a page and a language; blank words are no search', () => {
    expect(listApiPath({ q: '  park  ', shelf: 'open', kind: 'petition' }, { cursor: 'abc', lang: 'ka' })).toBe('/api/campaigns?q=park&kind=petition&cursor=abc&lang=ka');
    expect(listApiPath({ q: '   ', shelf: 'archive' })).toBe('/api/campaigns?status=archive');
    expect(listApiPath(EMPTY_LIST_STATE, { limit: 999 })).toBe(`/api/campaigns?limit=${FIND_LIMITS.pageMax}`);
    expect(sameList({ q: 'park ', shelf: 'open' }, { q: 'park', shelf: 'open' })).toBe(true);
  });

  it('an organisation’s page has its own route', () => {
    expect(parseRoute(organisationHash('org-1234_AB'))).toEqual({ name: 'organisation', id: 'org-1234_AB' });
    expect(parseRoute('#/o/a%2Fb')).toEqual({ name: 'unknown' });
    expect(parseRoute(`#/o/${'a'.repeat(65)}`)).toEqual({ name: 'unknown' });
  });
});
