/**
 * The mails a supporter receives, as subject, plain text and HTML. Pure: no I/O, no configuration.
 *
 * The words come from the server catalog's `mail` section (functions/i18n/<lang>.ts), in the
 * language asked for; its catalog must have been loaded (httpHandler loads the request's), else the
 * mail is in English. Placeholders in braces ({title}) are filled by format(); counts use CLDR plural
 * categories chosen with Intl.PluralRules, because Russian, Ukrainian, Latvian and others need more
 * than "one" and "other".
 *
 * Both parts are rendered from one list of blocks, so the text part always says what the HTML says.
 */

import { format, stringsFor, type Language } from '#lib/language.ts';

/** Languages the mails are written in: every language of the server catalog. */
export type MailLanguage = Language;

export interface SignatureLinks {
  confirm: string;
  withdraw: string;
  campaign: string;
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Links into the web page for one signature. The id and token go in the fragment, which browsers
 * never send to a server, so they stay out of server and CDN logs and Referer headers.
 */
export function signatureLinks(siteUrl: string, slug: string, id: string, token: string, lang: Language = 'en'): SignatureLinks {
  const campaign = `${pageUrl(siteUrl, lang)}#/p/${encodeURIComponent(slug)}`;
  const signature = `${encodeURIComponent(id)}/${encodeURIComponent(token)}`;
  return { confirm: `${campaign}/confirm/${signature}`, withdraw: `${campaign}/withdraw/${signature}`, campaign };
}

/** The double opt-in mail: confirm (or ignore, or withdraw) a new signature. */
export function confirmationMail({
  title,
  organisation,
  links,
  expiresInDays,
  lang = 'en',
}: {
  title: string;
  /** The organisation's name as stored; a campaign without one (or a name not found) names none. */
  organisation?: string;
  links: SignatureLinks;
  expiresInDays: number;
  lang?: Language;
}): Mail {
  if (!Number.isFinite(expiresInDays) || expiresInDays <= 0) {
    throw new RangeError(`expiresInDays must be a positive number of days (got ${expiresInDays}).`);
  }
  const s = stringsFor(lang).mail.confirmation;
  return render(lang, format(lang, s.subject, { title: oneLine(title) }), [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: format(lang, s.intro, { title }) },
    ...organisedBy(lang, organisation),
    { kind: 'button', label: s.confirm, url: links.confirm },
    { kind: 'paragraph', text: format(lang, s.expires, { count: expiresInDays }) },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'link', lead: s.withdrawLead, label: s.withdraw, url: links.withdraw },
    { kind: 'link', label: s.petition, url: links.campaign },
    { kind: 'footer', text: s.footer },
  ]);
}

/**
 * What a repeat signer receives instead: the sign endpoint answers the same either way, and only
 * the owner of the address learns that it had signed. Deliberately no confirm link.
 */
export function alreadySignedMail({
  title,
  organisation,
  links,
  lang = 'en',
}: {
  title: string;
  organisation?: string;
  links: Pick<SignatureLinks, 'withdraw' | 'campaign'>;
  lang?: Language;
}): Mail {
  const s = stringsFor(lang).mail.alreadySigned;
  return render(lang, format(lang, s.subject, { title: oneLine(title) }), [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: format(lang, s.intro, { title }) },
    ...organisedBy(lang, organisation),
    { kind: 'paragraph', text: s.notYou },
    { kind: 'link', lead: s.withdrawLead, label: s.withdraw, url: links.withdraw },
    { kind: 'link', label: s.petition, url: links.campaign },
    { kind: 'footer', text: s.footer },
  ]);
}

/** Where the page takes a sign-in token; in the fragment, so it never reaches a server log. */
export function signInLink(siteUrl: string, token: string, lang: Language = 'en'): string {
  return `${pageUrl(siteUrl, lang)}#/org/sign-in/${encodeURIComponent(token)}`;
}

/**
 * The page in the mail's language: `?lang=` (before the fragment) opens it in the language the mail
 * was written in, whatever the browser the link is opened in prefers. English is the page's default.
 */
function pageUrl(siteUrl: string, lang: Language): string {
  return `${siteUrl.replace(/\/+$/, '')}/${lang === 'en' ? '' : `?lang=${lang}`}`;
}

/** The one-time sign-in link an organiser asked for. */
export function signInMail({ link, lang = 'en' }: { link: string; lang?: Language }): Mail {
  const s = stringsFor(lang).mail.signIn;
  return render(lang, s.subject, [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: s.intro },
    { kind: 'button', label: s.action, url: link },
    { kind: 'paragraph', text: s.expires },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'footer', text: s.footer },
  ]);
}

/**
 * What an address that belongs to no organisation receives instead: the sign-in page answers the same
 * either way and sends a mail either way, so neither the answer nor its timing tells who is a member.
 */
export function notMemberMail({ lang = 'en' }: { lang?: Language } = {}): Mail {
  const s = stringsFor(lang).mail.notMember;
  return render(lang, s.subject, [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: s.intro },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'footer', text: s.footer },
  ]);
}

/** An owner added this address to their organisation. */
export function invitationMail({
  organisation,
  role,
  link,
  lang = 'en',
}: {
  organisation: string;
  role: 'owner' | 'editor' | 'viewer';
  link: string;
  lang?: Language;
}): Mail {
  const s = stringsFor(lang).mail.invitation;
  const values = { organisation, role: s.roles[role] };
  return render(lang, format(lang, s.subject, { organisation: oneLine(organisation) }), [
    { kind: 'heading', text: format(lang, s.heading, values) },
    { kind: 'paragraph', text: format(lang, s.intro, values) },
    { kind: 'button', label: s.action, url: link },
    { kind: 'paragraph', text: s.expires },
    { kind: 'footer', text: format(lang, s.footer, values) },
  ]);
}

/** "This campaign is organised by …", in a signer's mail; nothing when the name is unknown. */
function organisedBy(lang: Language, organisation: string | undefined): Block[] {
  const name = organisation?.trim();
  return name ? [{ kind: 'paragraph', text: format(lang, stringsFor(lang).mail.organisedBy, { organisation: name }) }] : [];
}

/** `button`: the mail's main action; in the text part it is a link like any other. */
type Block =
  | { kind: 'heading' | 'paragraph' | 'footer'; text: string }
  | { kind: 'link'; lead?: string; label: string; url: string }
  | { kind: 'button'; label: string; url: string };

function render(lang: Language, subject: string, blocks: Block[]): Mail {
  return { subject, text: renderText(blocks), html: renderHtml(lang, subject, blocks) };
}

/**
 * The button's colours: white on a dark blue (contrast 6.7:1) reads on a light page and on a dark
 * one, and a client that inverts colours for dark mode still leaves it legible. Nothing else in the
 * mail sets a colour, so the client's own text and background colours, light or dark, are kept.
 */
const BUTTON = '#1d4ed8';
const BUTTON_TEXT = '#ffffff';

/** Each link on a line of its own, so every mail client makes it clickable and none wraps it. */
function renderText(blocks: Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'link':
        return `${block.lead ? `${block.lead} ` : ''}${block.label}:\n${block.url}`;
      case 'button':
        return `${block.label}:\n${block.url}`;
      case 'footer':
        // "-- " is the signature separator mail clients recognise and fold away.
        return `-- \n${block.text}`;
      default:
        return block.text;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

/**
 * Plain HTML: no images, no remote resources, no web fonts, no external or embedded style sheet,
 * nothing that could report an open; only inline styles and attributes that mail clients keep.
 * The button is a link padded into a one-cell table (Outlook's Word engine ignores padding on an
 * inline <a> but keeps a cell's bgcolor), with the same address as a plain link under it for clients
 * that drop styles.
 */
function renderHtml(lang: Language, subject: string, blocks: Block[]): string {
  const fallback = stringsFor(lang).mail.buttonFallback;
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h1 style="font-size:1.4em">${escapeHtml(block.text)}</h1>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'link':
        return `<p>${block.lead ? `${escapeHtml(block.lead)} ` : ''}<a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
      case 'button': {
        const href = escapeHtml(block.url);
        return [
          '<table role="presentation" border="0" cellspacing="0" cellpadding="0" style="margin:1.5em 0 0.5em"><tr>',
          `<td align="center" bgcolor="${BUTTON}" style="border-radius:6px;background-color:${BUTTON}">`,
          `<a href="${href}" style="display:inline-block;padding:12px 24px;border:1px solid ${BUTTON};border-radius:6px;` +
            `background-color:${BUTTON};color:${BUTTON_TEXT};font-size:1.1em;font-weight:bold;text-decoration:none">` +
            `<span style="color:${BUTTON_TEXT}">${escapeHtml(block.label)}</span></a>`,
          '</td>',
          '</tr></table>',
          `<p style="font-size:0.9em">${escapeHtml(fallback)}<br><a href="${href}" style="word-break:break-all">${href}</a></p>`,
        ].join('\n');
      }
      case 'footer':
        return `<hr>\n<p style="font-size:0.9em">${escapeHtml(block.text)}</p>`;
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${lang}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // The mail follows the reader's light or dark scheme; its only colours are the button's.
    '<meta name="color-scheme" content="light dark">',
    '<meta name="supported-color-schemes" content="light dark">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

/** A subject is one header line: line breaks or control characters in a title must not reach it. */
function oneLine(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}
