/**
 * The supporter mails as pure functions: the links they carry, what they say, and that a hostile
 * campaign title cannot become markup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStrings } from '#lib/language.ts';
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
    // The only links are ours: the button's, its plain fallback, withdraw and the campaign.
    const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([links.confirm, links.confirm, links.withdraw, links.campaign]);
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

describe('a signer\'s mail people can trust', () => {
  const ORG = 'Friends of <Nadia> & "Levan"';
  const confirm = confirmationMail({ title: 'Free Nadia', organisation: ORG, links, expiresInDays: 7 });
  const already = alreadySignedMail({ title: 'Free Nadia', organisation: ORG, links });

  beforeAll(async () => {
    for (const lang of ['ka', 'hy', 'ru'] as const) await loadStrings(lang);
  });

  /** The <a> styled as a button: the first link, inside the one-cell table. */
  function button(html: string): { href: string; style: string; label: string } {
    const match = /<table role="presentation"[^>]*><tr>\n<td [^>]*>\n<a href="([^"]*)" style="([^"]*)"><span[^>]*>([^<]*)<\/span><\/a>/.exec(html);
    expect(match, 'a button in the HTML part').not.toBeNull();
    return { href: match![1]!, style: match![2]!, label: match![3]! };
  }

  it('has a Confirm button whose address is the text part\'s confirm link, with a plain link under it', () => {
    const { href, style, label } = button(confirm.html);
    expect(label).toBe('Confirm my signature');
    const lines = confirm.text.split('\n');
    expect(lines[lines.indexOf('Confirm my signature:') + 1]).toBe(href);
    expect(href).toBe(links.confirm);
    // Styled inline, as mail clients keep it: padding and colours on the <a>, the cell's bgcolor for Outlook.
    expect(style).toMatch(/padding:\s*\d+px/);
    expect(style).toMatch(/background-color:#[0-9a-f]{6}/);
    expect(confirm.html).toMatch(/<td [^>]*bgcolor="#[0-9a-f]{6}"/);
    // The fallback: the same address, written out, for a client that drops styles.
    expect(confirm.html).toContain(`If the button does not work, open this address:<br><a href="${links.confirm}" style="word-break:break-all">${links.confirm}</a>`);
  });

  it('the already-signed mail has no button (nothing to confirm)', () => {
    expect(already.html).not.toContain('<table');
    expect(already.html).not.toContain('/confirm/');
  });

  it('loads nothing: no image, no style sheet, no font, no URL but our site\'s links, in either mail or language', () => {
    for (const lang of ['en', 'ka', 'hy', 'ru'] as const) {
      for (const mail of [
        confirmationMail({ title: 't', organisation: ORG, links: signatureLinks(SITE, 'free-nino', 'sig-1', 'tok', lang), expiresInDays: 7, lang }),
        alreadySignedMail({ title: 't', organisation: ORG, links: signatureLinks(SITE, 'free-nino', 'sig-1', 'tok', lang), lang }),
      ]) {
        expect(mail.html).not.toMatch(/<img|<link|<style|<script|<iframe|<object|<svg|src=|srcset|url\(|@import|@font-face|background=/i);
        for (const url of mail.html.match(/https?:\/\/[^"<\s]*/gi) ?? []) expect(url.startsWith(`${SITE}/`)).toBe(true);
        for (const url of mail.text.match(/https?:\/\/\S*/gi) ?? []) expect(url.startsWith(`${SITE}/`)).toBe(true);
        for (const [, style] of mail.html.matchAll(/style="([^"]*)"/g)) expect(style).not.toMatch(/url|http|\/\/|expression|import/i);
      }
    }
  });

  it('declares its language, direction and that it suits light and dark schemes', () => {
    const ka = confirmationMail({ title: 't', links: signatureLinks(SITE, 's', 'i', 't', 'ka'), expiresInDays: 7, lang: 'ka' });
    expect(ka.html).toMatch(/^<!doctype html>\n<html lang="ka" dir="ltr">/);
    expect(ka.html).toContain('<meta name="color-scheme" content="light dark">');
    // No colour but the button's: the client's own text and background, light or dark, are kept.
    const colours = [...ka.html.matchAll(/#[0-9a-f]{6}\b/gi)].map((m) => m[0].toLowerCase());
    expect(new Set(colours)).toEqual(new Set(['#1d4ed8', '#ffffff']));
  });

  it('names the organisation in both parts of both mails', () => {
    for (const mail of [confirm, already]) {
      expect(mail.text).toContain('This campaign is organised by Friends of <Nadia> & "Levan".');
      expect(mail.html).toContain('This campaign is organised by Friends of &lt;Nadia&gt; &amp; &quot;Levan&quot;.');
    }
  });

  it('escapes an organisation name that tries to be markup', () => {
    const hostile = confirmationMail({ title: 't', organisation: '<script>alert(1)</script>" onclick="x\' <img src=//evil.example/p>', links, expiresInDays: 7 });
    expect(hostile.html).not.toMatch(/<script|<img|onclick="/);
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onclick=&quot;x&#39; &lt;img src=//evil.example/p&gt;');
    // A name stays out of the subject, which keeps naming the campaign only.
    expect(hostile.subject).toBe('Please confirm your signature: t');
  });

  it('keeps Georgian and Armenian names intact, in the signer\'s language', () => {
    const ka = confirmationMail({ title: 'ნინოს გათავისუფლება', organisation: 'სამოქალაქო ალიანსი', links, expiresInDays: 7, lang: 'ka' });
    expect(ka.text).toContain('კამპანიის ორგანიზატორი: სამოქალაქო ალიანსი.');
    expect(ka.html).toContain('კამპანიის ორგანიზატორი: სამოქალაქო ალიანსი.');
    expect(ka.html).toContain('>ხელმოწერის დადასტურება</span></a>');
    const hy = alreadySignedMail({ title: 'Ազատություն Նարեին', organisation: 'Քաղաքացիական նախաձեռնություն', links, lang: 'hy' });
    expect(hy.text).toContain('Արշավի կազմակերպիչը՝ Քաղաքացիական նախաձեռնություն։');
    expect(hy.html).toContain('Արշավի կազմակերպիչը՝ Քաղաքացիական նախաձեռնություն։');
  });

  it('names no organisation when none is known, rather than an empty one', () => {
    for (const organisation of [undefined, '', '  ']) {
      const mail = confirmationMail({ title: 't', organisation, links, expiresInDays: 7 });
      expect(mail.text).not.toContain('organised by');
    }
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

describe('organiser mails carry the same button (issue #17, item 7)', () => {
  it('the sign-in mail and the invitation have a button to their link, the address written out under it, and the link in the text part', async () => {
    const { invitationMail, signInMail } = await import('#mail/templates.ts');
    const link = 'https://undersigned.example/#/org/sign-in/abc_DEF-123';
    for (const mail of [signInMail({ link }), invitationMail({ organisation: 'Голос <b>"', role: 'editor', link })]) {
      expect(mail.html).toContain('<table role="presentation"');
      expect(mail.html.match(/bgcolor="#1d4ed8"/g)).toHaveLength(1);
      expect(mail.html).toContain(`href="${link}" style="display:inline-block`);
      expect(mail.html).toContain(`word-break:break-all">${link}</a>`);
      expect(mail.text.split('\n')).toContain(link);
      expect(mail.html).not.toMatch(/<b>"/);
    }
  });
});
