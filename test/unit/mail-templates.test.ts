/**
 * The supporter mails as pure functions: the links they carry, what they say, and that a hostile
 * campaign title cannot become markup.
 */
import { describe, expect, it } from 'vitest';
import { alreadySignedMail, confirmationMail, signatureLinks } from '#mail/templates.ts';

const SITE = 'https://undersigned.example';
const links = signatureLinks(SITE, 'free-nino', 'sig-1', 'tok_en-123');

describe('signatureLinks', () => {
  it('puts slug, id and token in the fragment', () => {
    expect(links).toEqual({
      confirm: `${SITE}/#/p/free-nino/confirm/sig-1/tok_en-123`,
      withdraw: `${SITE}/#/p/free-nino/withdraw/sig-1/tok_en-123`,
      campaign: `${SITE}/#/p/free-nino`,
    });
  });

  it('encodes each segment, so none can add a path step or end the URL', () => {
    const odd = signatureLinks(SITE, 'a/b c', 'id#1', 'to?k/en&x');
    expect(odd.confirm).toBe(`${SITE}/#/p/a%2Fb%20c/confirm/id%231/to%3Fk%2Fen%26x`);
    expect(odd.withdraw).toBe(`${SITE}/#/p/a%2Fb%20c/withdraw/id%231/to%3Fk%2Fen%26x`);
    expect(odd.campaign).toBe(`${SITE}/#/p/a%2Fb%20c`);
  });

  it('does not double a trailing slash of the site URL', () => {
    expect(signatureLinks(`${SITE}/`, 's', 'i', 't').campaign).toBe(`${SITE}/#/p/s`);
  });

  it("opens the page in the mail's language, English needing no parameter", () => {
    const ka = signatureLinks(SITE, 'free-nino', 'sig-1', 'tok', 'ka');
    expect(ka.confirm).toBe(`${SITE}/?lang=ka#/p/free-nino/confirm/sig-1/tok`);
    expect(ka.withdraw).toBe(`${SITE}/?lang=ka#/p/free-nino/withdraw/sig-1/tok`);
    expect(signatureLinks(SITE, 'free-nino', 'sig-1', 'tok', 'en').confirm).toBe(`${SITE}/#/p/free-nino/confirm/sig-1/tok`);
  });
});

describe('confirmationMail', () => {
  const mail = confirmationMail({ title: 'Release Nadia <script>&"', links, expiresInDays: 7 });

  it('asks to confirm, names the campaign and says what happens if nothing is done', () => {
    expect(mail.subject).toBe('Please confirm your signature: Release Nadia <script>&"');
    expect(mail.text).toContain('“Release Nadia <script>&"”');
    expect(mail.text).toContain('expires in 7 days');
    expect(mail.text).toContain('not counted until you confirm');
    expect(mail.text).toContain('If you did not sign, you can ignore this email');
    expect(mail.text).toContain('never counted, and everything about it is deleted soon after the link expires');
    expect(mail.text).toContain('Changed your mind? Withdraw my signature');
  });

  it('carries the confirm, withdraw and campaign links in both parts, each text link on its own line', () => {
    for (const url of [links.confirm, links.withdraw, links.campaign]) {
      expect(mail.text.split('\n')).toContain(url);
      expect(mail.html).toContain(`href="${url}"`);
    }
  });

  it('escapes the title in the HTML part, its <title> included', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Release Nadia &lt;script&gt;&amp;&quot;');
    expect(mail.html).toContain('<title>Please confirm your signature: Release Nadia &lt;script&gt;&amp;&quot;</title>');
  });

  it('is a plain, self-contained HTML document with a language', () => {
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).not.toMatch(/<img|<link|<script|src=|url\(/i);
    // The only links are ours.
    const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([links.confirm, links.withdraw, links.campaign]);
  });

  it('keeps names in any script as written', () => {
    const georgian = confirmationMail({ title: 'ნინო ბერიძის გათავისუფლება', links, expiresInDays: 7 });
    expect(georgian.subject).toContain('ნინო ბერიძის გათავისუფლება');
    expect(georgian.html).toContain('ნინო ბერიძის გათავისუფლება');
  });

  it('uses the singular for one day', () => {
    expect(confirmationMail({ title: 't', links, expiresInDays: 1 }).text).toContain('expires in 1 day.');
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const subject = confirmationMail({ title: 'Two\r\nlines\u0000 here', links, expiresInDays: 7 }).subject;
    expect(subject).toBe('Please confirm your signature: Two lines here');
  });

  it('does not treat braces in a title as placeholders', () => {
    expect(confirmationMail({ title: 'Keep {days} {x}', links, expiresInDays: 7 }).text).toContain('“Keep {days} {x}”');
  });

  it('takes a fractional expiry as it is, and refuses a nonsensical one', () => {
    expect(confirmationMail({ title: 't', links, expiresInDays: 1.5 }).text).toContain('expires in 1.5 days.');
    expect(() => confirmationMail({ title: 't', links, expiresInDays: 0 })).toThrow(RangeError);
    expect(() => confirmationMail({ title: 't', links, expiresInDays: Number.NaN })).toThrow(RangeError);
  });
});

describe('alreadySignedMail', () => {
  const mail = alreadySignedMail({ title: 'Keep <Riverside> Park & "more"', links });

  it('says nothing changed and offers only withdrawal', () => {
    expect(mail.subject).toBe('You have already signed: Keep <Riverside> Park & "more"');
    expect(mail.text).toContain('nothing has changed');
    expect(mail.text).toContain(links.withdraw);
    expect(mail.html).toContain(`href="${links.withdraw}"`);
  });

  it('has no confirm link in either part', () => {
    expect(mail.text).not.toContain('/confirm/');
    expect(mail.html).not.toContain('/confirm/');
    expect(mail.text).not.toContain(links.confirm);
  });

  it('escapes the title in the HTML part', () => {
    expect(mail.html).toContain('Keep &lt;Riverside&gt; Park &amp; &quot;more&quot;');
    expect(mail.html).not.toContain('<Riverside>');
  });
});
