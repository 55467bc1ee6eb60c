/**
 * The organiser's routes, sessions and roles, and the campaign list and detail as the pages read them.
 */
import { describe, it, expect } from 'vitest';
import { cosignHash, ORG_HASH, orgCampaignHash, parseRoute } from '../../app/routes.ts';
import { statusActions, statusBody } from '../campaign/status-rules.ts';
import { orgCampaignApiPath, orgExportApiPath } from './api-paths.ts';
import { orgCampaignAnswer } from '../../app/answers.fixture.ts';
import { readCampaign, readCampaignList } from './campaign-data.ts';
import { classifySessionStatus, hasRole, readMe } from './roles.ts';
import { problemMessages } from './org-errors.ts';

describe('organiser routes', () => {
  it('routes every organiser page', () => {
    expect(parseRoute('#/org')).toEqual({ name: 'orgSignIn' });
    expect(parseRoute('#/org/')).toEqual({ name: 'orgSignIn' });
    expect(parseRoute('#/org/campaigns')).toEqual({ name: 'orgHome' });
    expect(parseRoute('#/org/new')).toEqual({ name: 'orgNew' });
    expect(parseRoute('#/org/members/')).toEqual({ name: 'orgMembers' });
    expect(parseRoute('#/org/tokens')).toEqual({ name: 'orgTokens' });
    expect(parseRoute('#/org/c/free-the-press')).toEqual({ name: 'orgCampaign', slug: 'free-the-press' });
    expect(parseRoute('#/org/c/free-the-press/edit')).toEqual({ name: 'orgEdit', slug: 'free-the-press' });
    expect(parseRoute('#/org/c/free-the-press/edit?x=1')).toEqual({ name: 'orgEdit', slug: 'free-the-press' });
  });

  it('reads the sign-in link of the mail, token and all', () => {
    const token = 'Zx-_09'.repeat(7) + 'Q';
    expect(parseRoute(new URL(`https://undersigned.example/#/org/sign-in/${token}`).hash)).toEqual({ name: 'orgSession', token });
  });

  it('round-trips the hashes it makes', () => {
    expect(parseRoute(ORG_HASH.home)).toEqual({ name: 'orgHome' });
    expect(parseRoute(ORG_HASH.signIn)).toEqual({ name: 'orgSignIn' });
    expect(parseRoute(orgCampaignHash('a-b'))).toEqual({ name: 'orgCampaign', slug: 'a-b' });
    expect(parseRoute(orgCampaignHash('a-b', true))).toEqual({ name: 'orgEdit', slug: 'a-b' });
    expect(parseRoute(cosignHash('a-b', 'tok_1'))).toEqual({ name: 'cosign', slug: 'a-b', token: 'tok_1' });
  });

  it('routes the public co-sign link', () => {
    expect(parseRoute('#/p/letter-2027/cosign/abc-DEF_123')).toEqual({ name: 'cosign', slug: 'letter-2027', token: 'abc-DEF_123' });
    expect(parseRoute('#/p/letter-2027/cosign/abc/')).toEqual({ name: 'cosign', slug: 'letter-2027', token: 'abc' });
  });

  it('treats broken organiser and co-sign links as unknown', () => {
    for (const hash of [
      '#/org/x',
      '#/orgs',
      '#/org/sign-in',
      '#/org/sign-in/',
      '#/org/sign-in/a b',
      '#/org/sign-in/tok/extra',
      '#/org/c/',
      '#/org/c/slug/delete',
      '#/org/c/%E0%A4%A',
      '#/org/c/%2F',
      '#/p/s/cosign',
      '#/p/s/cosign/',
      '#/p/s/cosign/t/extra',
      '#/p/s/cosign/<script>',
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: 'unknown' });
    }
  });

  it('encodes slugs and ids in API paths', () => {
    expect(orgCampaignApiPath('a/b', '/dashboard')).toBe('/api/org/campaigns/a%2Fb/dashboard');
    expect(orgExportApiPath('s', 'job/1')).toBe('/api/org/campaigns/s/exports/job%2F1');
  });
});

describe('sessions and roles', () => {
  it('reads /api/me', () => {
    const answer = { email: 'a@b.org', memberId: 'm1', role: 'owner', organisation: { id: 'o1', name: 'Civic' }, organisations: [{ id: 'o1', name: 'Civic', role: 'owner' }] };
    expect(readMe(answer)).toEqual(answer);
    // An API token's answer has no address: not a page session.
    expect(readMe({ role: 'editor', organisation: { id: 'o', name: 'n' }, organisations: [] })).toBeNull();
    expect(readMe(null)).toBeNull();
  });

  it('explains a refused sign-in link as expired, whatever the exact status', () => {
    expect(classifySessionStatus(200)).toBe('signedIn');
    for (const s of [400, 401, 404, 410]) expect(classifySessionStatus(s)).toBe('expired');
    expect(classifySessionStatus(429)).toBe('busy');
    expect(classifySessionStatus(500)).toBe('error');
  });

  it('ranks roles', () => {
    expect(hasRole('owner', 'editor')).toBe(true);
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('viewer', 'editor')).toBe(false);
    expect(hasRole('editor', 'owner')).toBe(false);
  });

  it('offers the status changes the server allows, to editors and owners only', () => {
    expect(statusActions('draft', 'editor')).toEqual(['open']);
    expect(statusActions('open', 'owner')).toEqual(['close']);
    expect(statusActions('closed', 'editor')).toEqual(['reopen', 'deliver']);
    expect(statusActions('delivered', 'owner')).toEqual([]);
    expect(statusActions('closed', 'viewer')).toEqual([]);
    expect(statusBody('open')).toEqual({ status: 'open' });
    expect(statusBody('reopen')).toEqual({ status: 'open' });
    expect(statusBody('close')).toEqual({ status: 'closed' });
  });
});

describe('campaign list and detail', () => {
  it('reads the list as the document types it; an answer that is not a list is none', () => {
    const row = { slug: 'a', kind: 'letter', title: 'A', status: 'open', count: 12, pending: 3, goal: 100, createdAt: '2026-11-01T00:00:00Z' } as const;
    expect(readCampaignList({ campaigns: [row] })).toEqual([row]);
    expect(readCampaignList({ items: [] })).toBeNull();
    expect(readCampaignList('<html>')).toBeNull();
  });

  it('reads a campaign with what only organisers see, and links only http(s) websites', () => {
    const c = readCampaign(
      orgCampaignAnswer({
        slug: 'a',
        kind: 'petition',
        title: 'A',
        status: 'closed',
        text: 'Hello',
        targets: [{ name: 'Minister', office: 'Justice', email: 'm@gov.example' }],
        goal: 50,
        count: 7,
        publicSigners: true,
        retentionDays: 30,
        signerFields: { country: 'optional', comment: 'off' },
        version: 3,
        versions: [{ version: 1, savedAt: '2026-11-02T00:00:00Z' }],
        cosigners: [
          { id: 'c1', name: 'Union', country: 'AM', signedAt: '2026-11-03T00:00:00Z' },
          { id: 'c2', name: 'Bad Link', country: 'GE', website: 'javascript:alert(1)', signedAt: '2026-11-03T00:00:00Z' },
        ],
        delivery: { deliveredOn: '2027-01-02', to: 'Ministry', method: 'post', recordedAt: '2027-01-02T10:00:00Z', recordedBy: 'm1' },
      }),
    );
    expect(c).toMatchObject({
      status: 'closed',
      targets: [{ name: 'Minister', office: 'Justice', email: 'm@gov.example' }],
      retentionDays: 30,
      signerFields: { country: 'optional', comment: 'off' },
      version: 3,
      versions: [{ version: 1, savedAt: '2026-11-02T00:00:00Z' }],
      cosigners: [
        { id: 'c1', name: 'Union', country: 'AM', signedAt: '2026-11-03T00:00:00Z' },
        { id: 'c2', name: 'Bad Link', country: 'GE', signedAt: '2026-11-03T00:00:00Z' },
      ],
      delivery: { deliveredOn: '2027-01-02', to: 'Ministry', method: 'post' },
    });
    expect(readCampaign(null)).toBeNull();
  });
});

describe('the page\'s own checks, as messages', () => {
  it('gives each field its message, with its limit where the message has one', () => {
    const messages = { required: 'Required.', tooLong: 'At most {max}.' };
    expect(problemMessages({ to: 'required', note: 'tooLong', method: undefined }, messages, { note: 2000 })).toEqual({ to: 'Required.', note: 'At most 2000.' });
    expect(problemMessages({}, messages)).toEqual({});
  });
});
