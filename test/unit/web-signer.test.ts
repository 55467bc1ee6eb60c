/**
 * The page's pure logic for double opt-in, withdrawal, the public list and the anti-spam field:
 * routes of the email links, what each API answer means, and the payload the form sends.
 */
import { describe, it, expect } from 'vitest';
import {
  buildSignPayload,
  classifyConfirmStatus,
  classifyWithdrawStatus,
  countryNamer,
  fill,
  mailActionApiPath,
  mailActionHash,
  mapErrorBody,
  parseCount,
  parsePreview,
  parsePetition,
  parseRoute,
  parseSigners,
  petitionApiPath,
  pluralForm,
  PRIVACY_HASH,
  signerLine,
  signFailureMessage,
} from '../../web/src/logic.ts';
import { strings } from '../../web/src/strings.ts';

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
    expect(mailActionApiPath('confirm', 'free-them', 'sig1')).toBe('/api/petitions/free-them/signatures/sig1/confirm');
    expect(mailActionApiPath('withdraw', 'a/b', '../x')).toBe('/api/petitions/a%2Fb/signatures/..%2Fx/withdraw');
    expect(petitionApiPath('free-them', '/signers')).toBe('/api/petitions/free-them/signers');
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

describe('counts and the public list', () => {
  it('reads only the confirmed count: a pending figure the server might send is not shown to the public', () => {
    expect(parseCount({ count: 120, pending: 7, asOf: '2026-01-01T00:00:00Z' })).toEqual({ count: 120, asOf: '2026-01-01T00:00:00Z' });
    expect(parseCount({ count: 120 })).toEqual({ count: 120 });
    expect(parseCount({ count: -1 })).toBeNull();
  });

  it('reads what a confirm link would confirm, and nothing malformed', () => {
    expect(parsePreview({ status: 'pending', name: 'Ნინო Ბ.', showName: true, country: 'GE', comment: 'Free them' })).toEqual({
      status: 'pending',
      name: 'Ნინო Ბ.',
      showName: true,
      country: 'GE',
      comment: 'Free them',
    });
    expect(parsePreview({ status: 'confirmed', name: 'Aram', showName: 'yes', country: 'georgia', comment: '' })).toEqual({ status: 'confirmed', name: 'Aram', showName: false });
    for (const bad of [null, {}, { status: 'pending' }, { status: 'done', name: 'A' }, { status: 'pending', name: '' }]) expect(parsePreview(bad)).toBeNull();
  });

  it('knows whether a campaign shows a public list', () => {
    expect(parsePetition({ slug: 's', title: 'T', publicSigners: true })?.publicSigners).toBe(true);
    expect(parsePetition({ slug: 's', title: 'T', publicSigners: 'yes' })?.publicSigners).toBe(false);
    expect(parsePetition({ slug: 's', title: 'T' })?.publicSigners).toBe(false);
  });

  it('parses the signer list, dropping malformed entries and keeping at most 50', () => {
    expect(
      parseSigners({ signers: [{ name: 'Nadia K.', country: 'GE' }, { name: '' }, null, { name: 'Arman S.', country: 'armenia' }, { country: 'UA' }] }),
    ).toEqual([
      { name: 'Nadia K.', country: 'GE' },
      { name: 'Arman S.', country: '' },
    ]);
    expect(parseSigners({ signers: Array.from({ length: 80 }, () => ({ name: 'A B.', country: 'UA' })) })).toHaveLength(50);
    expect(parseSigners({})).toBeNull();
    expect(parseSigners('<html>')).toBeNull();
  });

  it('labels a signer with the country named in the reader’s language', async () => {
    // The page loads a language's country names with its catalog.
    (await import('../../functions/rules/locale-format.ts')).useLocaleData('uk', (await import('../../functions/rules/locale-data/uk.ts')).default);
    const en = countryNamer('en');
    expect(signerLine({ name: 'Nadia K.', country: 'GE' }, en)).toBe('Nadia K. · Georgia');
    expect(signerLine({ name: 'Олена П.', country: 'UA' }, countryNamer('uk'))).toBe('Олена П. · Україна');
    expect(signerLine({ name: 'Arman S.', country: '' }, en)).toBe('Arman S.');
    expect(countryNamer('not a locale!!')('KZ')).toBe('Kazakhstan');
  });
});

describe('the sign payload', () => {
  const input = { name: ' Nadia Kapanadze ', email: ' nadia@example.org ', country: 'GE', comment: '' };

  it('sends the anti-spam payload, and showName only where the campaign offers the list', () => {
    expect(buildSignPayload(input, 'pow-payload')).toEqual({ name: 'Nadia Kapanadze', email: 'nadia@example.org', country: 'GE', altcha: 'pow-payload' });
    expect(buildSignPayload({ ...input, showName: false }, 'p')).toMatchObject({ showName: false });
    expect(buildSignPayload({ ...input, showName: true }, 'p')).toMatchObject({ showName: true });
  });

  it('sends back the text version the page showed, so a signature stands under the text read', () => {
    expect(buildSignPayload(input, 'p', 2)).toMatchObject({ textVersion: 2 });
    expect(buildSignPayload(input, 'p')).not.toHaveProperty('textVersion');
    expect(parsePetition({ slug: 's', title: 'T', version: 3 })?.version).toBe(3);
    expect(parsePetition({ slug: 's', title: 'T', version: '3' })?.version).toBeUndefined();
  });

  it('sends the honeypot only when something filled it', () => {
    expect(buildSignPayload({ ...input, website: '' }, 'p')).not.toHaveProperty('website');
    expect(buildSignPayload({ ...input, website: 'http://spam.example' }, 'p')).toMatchObject({ website: 'http://spam.example' });
  });
});

describe('privacy page text', () => {
  it('states what the brief promises, in the strings to be translated', () => {
    const text = JSON.stringify(strings.privacy);
    for (const needle of ['AES-256-GCM', 'KMS', 'keyed hash', 'IP address', '2 days', '7 days', 'organisers', 'withdraw', 'trackers', 'CAPTCHA', 'fonts']) {
      expect(text, needle).toContain(needle);
    }
  });
});
