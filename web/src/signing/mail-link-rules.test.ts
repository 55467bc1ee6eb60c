/**
 * Double opt-in and withdrawal: routes of the email links and what each API answer means.
 */
import { describe, it, expect } from 'vitest';
import { mailActionApiPath, mailActionHash, parseRoute, campaignApiPath, PRIVACY_HASH } from '../app/routes.ts';
import { strings } from '../app/strings.ts';
import { classifyConfirmStatus, classifyWithdrawStatus } from './mail-link-rules.ts';
import { mapErrorBody, signFailureMessage } from './sign-rules.ts';

describe('email link routes', () => {
  it('routes confirm and withdraw links with their id and token', () => {
    expect(parseRoute('#/p/free-the-press/confirm/sig_01HZX/tok-AbC_123')).toEqual({
      name: 'confirm',
      slug: 'free-the-press',
      id: 'sig_01HZX',
      token: 'tok-AbC_123',
    });
    expect(parseRoute('#/p/free-the-press/withdraw/sig_01HZX/tok-AbC_123/')).toEqual({
      name: 'withdraw',
      slug: 'free-the-press',
      id: 'sig_01HZX',
      token: 'tok-AbC_123',
    });
    // A mail client's tracking query on the end does not break the link.
    expect(parseRoute('#/p/s/confirm/i/t?utm_source=mail')).toMatchObject({ name: 'confirm', id: 'i', token: 't' });
  });

  it('reads links shaped like the ones the mails carry (64-hex id, 43-character base64url token)', () => {
    const id = 'a3'.repeat(32);
    const token = 'Zx-_09'.repeat(7) + 'Q';
    const link = `https://undersigned.example/#/p/${encodeURIComponent('free-the-press')}/confirm/${id}/${token}`;
    expect(parseRoute(new URL(link).hash)).toEqual({ name: 'confirm', slug: 'free-the-press', id, token });
  });

  it('round-trips mailActionHash, slugs in any script included', () => {
    const slug = 'თავისუფლება-2025';
    expect(parseRoute(mailActionHash('confirm', slug, 'abc', 'x.y~z'))).toEqual({ name: 'confirm', slug, id: 'abc', token: 'x.y~z' });
    expect(parseRoute(mailActionHash('withdraw', slug, 'abc', 'tok'))).toEqual({ name: 'withdraw', slug, id: 'abc', token: 'tok' });
  });

  it('treats broken links as unknown', () => {
    for (const hash of [
      '#/p/s/confirm',
      '#/p/s/confirm/id',
      '#/p/s/confirm/id/',
      '#/p/s/delete/id/token',
      '#/p/s/confirm/id/token/extra',
      '#/p/s/confirm/id/tok%20en',
      '#/p/s/confirm/%E0%A4%A/token',
      '#/p/s/confirm/id/<script>',
      `#/p/s/confirm/id/${'a'.repeat(513)}`,
      '#/p//confirm/id/token',
    ]) {
      expect(parseRoute(hash), hash).toEqual({ name: 'unknown' });
    }
  });

  it('routes the privacy page', () => {
    expect(PRIVACY_HASH).toBe('#/privacy');
    expect(parseRoute('#/privacy')).toEqual({ name: 'privacy' });
    expect(parseRoute('#/privacy/')).toEqual({ name: 'privacy' });
    expect(parseRoute('#/privacy/x')).toEqual({ name: 'unknown' });
  });

  it('encodes every part of the API paths', () => {
    expect(mailActionApiPath('confirm', 'free-them', 'sig1')).toBe('/api/campaigns/free-them/signatures/sig1/confirm');
    expect(mailActionApiPath('withdraw', 'a/b', '../x')).toBe('/api/campaigns/a%2Fb/signatures/..%2Fx/withdraw');
    expect(campaignApiPath('free-them', '/signers')).toBe('/api/campaigns/free-them/signers');
  });
});

describe('what the API answers mean', () => {
  it('classifies confirm answers', () => {
    expect(classifyConfirmStatus(200)).toBe('confirmed');
    expect(classifyConfirmStatus(404)).toBe('invalid');
    expect(classifyConfirmStatus(410)).toBe('expired');
    expect(classifyConfirmStatus(409)).toBe('closed');
    expect(classifyConfirmStatus(503)).toBe('busy');
    expect(classifyConfirmStatus(429)).toBe('busy');
    expect(classifyConfirmStatus(500)).toBe('error');
  });

  it('classifies withdraw answers', () => {
    expect(classifyWithdrawStatus(200)).toBe('withdrawn');
    expect(classifyWithdrawStatus(404)).toBe('invalid');
    expect(classifyWithdrawStatus(410)).toBe('invalid');
    expect(classifyWithdrawStatus(503)).toBe('busy');
    expect(classifyWithdrawStatus(502)).toBe('error');
  });

  it('shows the server’s own message for a 503 and the form’s message otherwise', () => {
    const mailFailed = mapErrorBody({ error: { code: 'mail_failed', message: 'We could not send the email. Nothing was saved.' } });
    expect(signFailureMessage('busy', mailFailed, strings.signErrors)).toBe('We could not send the email. Nothing was saved.');
    expect(signFailureMessage('busy', mapErrorBody(null), strings.signErrors)).toBe(strings.signErrors.busy);
    expect(signFailureMessage('closed', mapErrorBody({ error: { code: 'closed', message: 'Closed.' } }), strings.signErrors)).toBe(
      strings.signErrors.closed,
    );
  });

  it('keeps the anti-spam error apart, for the widget', () => {
    const mapped = mapErrorBody({
      error: { code: 'validation_failed', message: 'Some fields need attention.', fields: { altcha: 'Please try again.', email: 'Bad' } },
    });
    expect(mapped.altcha).toBe('Please try again.');
    expect(mapped.fields).toEqual({ email: 'Bad' });
    expect(mapped.otherFields).toEqual([]);
  });
});
