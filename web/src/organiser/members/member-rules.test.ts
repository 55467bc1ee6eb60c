/**
 * Members, API tokens and co-signing as the pages read and send them.
 */
import { describe, it, expect } from 'vitest';
import { strings } from '../../app/strings.ts';
import { buildCosignPayload, classifyCosignOpening, classifyCosignStatus, readCosignLetter, validateCosign } from '../cosigning/cosign-rules.ts';
import { readCreatedToken, readInvited, readMembers, readTokens } from './member-rules.ts';

describe('members, tokens and co-signing', () => {
  it('reads members and a created token', () => {
    expect(readMembers({ members: [{ id: 'm1', email: 'a@b.org', role: 'editor', addedAt: 'x' }] })).toEqual([{ id: 'm1', email: 'a@b.org', role: 'editor', addedAt: 'x' }]);
    expect(readMembers('<html>')).toBeNull();
    expect(readCreatedToken({ id: 't', name: 'sync', role: 'viewer', createdAt: 'x', createdBy: { id: 'm1', email: 'a@b.org' }, active: true, token: 'ust_abc' })).toEqual({
      id: 't',
      name: 'sync',
      role: 'viewer',
      createdAt: 'x',
      madeBy: 'a@b.org',
      active: true,
      token: 'ust_abc',
    });
    expect(readCreatedToken({ id: 't', name: 'sync', role: 'viewer' })).toBeNull();
  });

  it('reads what became of an invitation mail, so the page never says "sent" when it was not', () => {
    const member = { id: 'm1', email: 'a@b.org', role: 'viewer', addedAt: 'x' };
    expect(readInvited({ ...member, invitation: 'sent' })).toEqual({ member, invitation: 'sent' });
    expect(readInvited({ ...member, invitation: 'limited' })).toEqual({ member, invitation: 'limited' });
    expect(readInvited({ ...member, invitation: 'failed' })).toEqual({ member, invitation: 'failed' });
    expect(readInvited(null)).toBeNull();
    expect(strings.org.members.invitedLimited).toContain('{email}');
    expect(strings.org.members.invitedFailed).toContain('{email}');
  });

  it('reads who made each token, and which no longer work', () => {
    expect(
      readTokens({
        tokens: [
          { id: 't1', name: 'sync', role: 'editor', createdAt: 'x', createdBy: { id: 'm1', email: 'a@b.org' }, active: true },
          { id: 't2', name: 'old', role: 'viewer', createdAt: 'y', createdBy: { id: 'm2' }, active: false },
        ],
      }),
    ).toEqual([
      { id: 't1', name: 'sync', role: 'editor', createdAt: 'x', madeBy: 'a@b.org', active: true },
      { id: 't2', name: 'old', role: 'viewer', createdAt: 'y', active: false },
    ]);
  });

  it('checks and builds the co-sign form', () => {
    const messages = { ...strings.validation, website: strings.cosign.websiteInvalid };
    expect(validateCosign({ name: 'Civic Union', country: 'GE', website: 'civic.example' }, messages)).toEqual({});
    expect(validateCosign({ name: ' ', country: '', website: 'javascript:alert(1)' }, messages)).toEqual({
      name: messages.required,
      country: messages.required,
      website: strings.cosign.websiteInvalid,
    });
    expect(buildCosignPayload({ name: ' Civic Union ', country: 'GE', website: 'civic.example' }, 'tok')).toEqual({
      token: 'tok',
      name: 'Civic Union',
      country: 'GE',
      website: 'https://civic.example',
    });
    expect(buildCosignPayload({ name: 'A', country: 'AM', website: ' ' }, 'tok')).toEqual({ token: 'tok', name: 'A', country: 'AM' });
    expect(classifyCosignStatus(201)).toBe('done');
    expect(classifyCosignStatus(410)).toBe('expired');
    expect(classifyCosignStatus(409)).toBe('closed');
    expect(classifyCosignStatus(400)).toBe('invalid');
  });

  it('opening an invitation shows its letter, or says at once that the link does not work', () => {
    expect(classifyCosignOpening(200)).toBe('letter');
    // Used, expired or unknown (404), or cut short in the mail (400): the link does not work.
    for (const status of [400, 404, 410]) expect(classifyCosignOpening(status)).toBe('expired');
    expect(classifyCosignOpening(409)).toBe('closed');
    expect(classifyCosignOpening(503)).toBe('busy');
    expect(classifyCosignOpening(500)).toBe('error');
    const letter = {
      slug: 'free-them', kind: 'letter', status: 'open', title: 'Free them', text: 'Dear President,', textHtml: '<p>Dear President,</p>',
      targets: [{ name: 'The President', office: 'Office of the President' }], language: 'ka', expiresAt: '2027-01-05T04:43:35.000Z',
    };
    expect(readCosignLetter(letter)).toEqual(letter);
    expect(readCosignLetter({ error: { code: 'invalid_invite' } })).toBeNull();
    expect(readCosignLetter('<html>')).toBeNull();
  });
});
