/**
 * The mails a supporter receives, as subject, plain text and HTML. Pure: no I/O, no configuration.
 *
 * Every user-visible string of a message lives in that message's object, keyed by language, so a
 * translation is one more entry per object and the type system points at any message left
 * untranslated once the language is added to MailLanguage. Placeholders in braces ({title}) are
 * filled by fill(); counts use CLDR plural categories chosen with Intl.PluralRules, because Russian,
 * Ukrainian, Latvian and others need more than "one" and "other".
 *
 * Both parts are rendered from one list of blocks, so the text part always says what the HTML says.
 */

/** Languages the mails are written in. Add one here and every message object must provide it. */
export type MailLanguage = 'en';

export interface SignatureLinks {
  confirm: string;
  withdraw: string;
  petition: string;
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

interface ConfirmationStrings {
  subject: string;
  heading: string;
  intro: string;
  confirm: string;
  expires: PluralForms;
  notYou: string;
  withdrawLead: string;
  withdraw: string;
  petition: string;
  footer: string;
}

interface AlreadySignedStrings {
  subject: string;
  heading: string;
  intro: string;
  notYou: string;
  withdrawLead: string;
  withdraw: string;
  petition: string;
  footer: string;
}

const confirmationStrings = {
  en: {
    subject: 'Please confirm your signature: {title}',
    heading: 'Please confirm your signature',
    intro: 'You signed “{title}”. Your signature is not counted until you confirm it.',
    confirm: 'Confirm my signature',
    expires: { one: 'This link expires in {days} day.', other: 'This link expires in {days} days.' },
    notYou:
      'If you did not sign, you can ignore this email. An unconfirmed signature is never counted, ' +
      'and everything about it is deleted soon after the link expires.',
    withdrawLead: 'Changed your mind?',
    withdraw: 'Withdraw my signature',
    petition: 'Read the campaign',
    footer: 'You received this email because this address was used to sign a campaign on Undersigned.',
  },
} satisfies Record<MailLanguage, ConfirmationStrings>;

const alreadySignedStrings = {
  en: {
    subject: 'You have already signed: {title}',
    heading: 'You have already signed',
    intro: 'Your signature on “{title}” was already recorded with this email address, so nothing has changed.',
    notYou: 'If you did not just try to sign again, you can ignore this email.',
    withdrawLead: 'Changed your mind?',
    withdraw: 'Withdraw my signature',
    petition: 'Read the campaign',
    footer: 'You received this email because this address was used to sign a campaign on Undersigned.',
  },
} satisfies Record<MailLanguage, AlreadySignedStrings>;

/**
 * Links into the web page for one signature. The id and token go in the fragment, which browsers
 * never send to a server, so they stay out of server and CDN logs and Referer headers.
 */
export function signatureLinks(siteUrl: string, slug: string, id: string, token: string): SignatureLinks {
  const petition = `${siteUrl.replace(/\/+$/, '')}/#/p/${encodeURIComponent(slug)}`;
  const signature = `${encodeURIComponent(id)}/${encodeURIComponent(token)}`;
  return { confirm: `${petition}/confirm/${signature}`, withdraw: `${petition}/withdraw/${signature}`, petition };
}

/** The double opt-in mail: confirm (or ignore, or withdraw) a new signature. */
export function confirmationMail({
  title,
  links,
  expiresInDays,
  lang = 'en',
}: {
  title: string;
  links: SignatureLinks;
  expiresInDays: number;
  lang?: MailLanguage;
}): Mail {
  if (!Number.isFinite(expiresInDays) || expiresInDays <= 0) {
    throw new RangeError(`expiresInDays must be a positive number of days (got ${expiresInDays}).`);
  }
  const s = confirmationStrings[lang];
  const days = new Intl.NumberFormat(lang).format(expiresInDays);
  return render(lang, fill(s.subject, { title: oneLine(title) }), [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: fill(s.intro, { title }) },
    { kind: 'link', label: s.confirm, url: links.confirm },
    { kind: 'paragraph', text: fill(plural(lang, s.expires, expiresInDays), { days }) },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'link', lead: s.withdrawLead, label: s.withdraw, url: links.withdraw },
    { kind: 'link', label: s.petition, url: links.petition },
    { kind: 'footer', text: s.footer },
  ]);
}

/**
 * What a repeat signer receives instead: the sign endpoint answers the same either way, and only
 * the owner of the address learns that it had signed. Deliberately no confirm link.
 */
export function alreadySignedMail({
  title,
  links,
  lang = 'en',
}: {
  title: string;
  links: Pick<SignatureLinks, 'withdraw' | 'petition'>;
  lang?: MailLanguage;
}): Mail {
  const s = alreadySignedStrings[lang];
  return render(lang, fill(s.subject, { title: oneLine(title) }), [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: fill(s.intro, { title }) },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'link', lead: s.withdrawLead, label: s.withdraw, url: links.withdraw },
    { kind: 'link', label: s.petition, url: links.petition },
    { kind: 'footer', text: s.footer },
  ]);
}

interface SignInStrings {
  subject: string;
  heading: string;
  intro: string;
  action: string;
  expires: string;
  notYou: string;
  footer: string;
}

const signInStrings = {
  en: {
    subject: 'Your sign-in link for Undersigned',
    heading: 'Sign in to Undersigned',
    intro: 'Someone, probably you, asked to sign in to Undersigned as an organiser with this address.',
    action: 'Sign in',
    expires: 'The link works once, within 15 minutes.',
    notYou: 'If you did not ask for it, ignore this email: nobody can sign in without the link.',
    footer: 'You received this email because this address was entered on the Undersigned sign-in page.',
  },
} satisfies Record<MailLanguage, SignInStrings>;

const notMemberStrings = {
  en: {
    subject: 'Signing in to Undersigned',
    heading: 'No organisation uses this address',
    intro:
      'Someone, probably you, asked to sign in to Undersigned as an organiser with this address, but no organisation ' +
      'has it as a member. If you expected one, ask its owner to invite this address.',
    notYou: 'If you did not ask, ignore this email: nothing has changed.',
    footer: 'You received this email because this address was entered on the Undersigned sign-in page.',
  },
} satisfies Record<MailLanguage, Omit<SignInStrings, 'action' | 'expires'>>;

const invitationStrings = {
  en: {
    subject: 'You are invited to {organisation} on Undersigned',
    heading: 'You are invited to {organisation}',
    intro: 'You have been added to “{organisation}” on Undersigned as {role}. Sign in with this link:',
    action: 'Sign in',
    expires: 'The link works once, within 7 days. Later, ask for a new one on the sign-in page with this address.',
    roles: { owner: 'an owner', editor: 'an editor', viewer: 'a viewer' },
    footer: 'You received this email because a member of {organisation} invited this address.',
  },
} satisfies Record<MailLanguage, Omit<SignInStrings, 'notYou'> & { roles: Record<'owner' | 'editor' | 'viewer', string> }>;

/** Where the page takes a sign-in token; in the fragment, so it never reaches a server log. */
export function signInLink(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/#/org/sign-in/${encodeURIComponent(token)}`;
}

/** The one-time sign-in link an organiser asked for. */
export function signInMail({ link, lang = 'en' }: { link: string; lang?: MailLanguage }): Mail {
  const s = signInStrings[lang];
  return render(lang, s.subject, [
    { kind: 'heading', text: s.heading },
    { kind: 'paragraph', text: s.intro },
    { kind: 'link', label: s.action, url: link },
    { kind: 'paragraph', text: s.expires },
    { kind: 'paragraph', text: s.notYou },
    { kind: 'footer', text: s.footer },
  ]);
}

/**
 * What an address that belongs to no organisation receives instead: the sign-in page answers the same
 * either way and sends a mail either way, so neither the answer nor its timing tells who is a member.
 */
export function notMemberMail({ lang = 'en' }: { lang?: MailLanguage } = {}): Mail {
  const s = notMemberStrings[lang];
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
  lang?: MailLanguage;
}): Mail {
  const s = invitationStrings[lang];
  const values = { organisation, role: s.roles[role] };
  return render(lang, fill(s.subject, { organisation: oneLine(organisation) }), [
    { kind: 'heading', text: fill(s.heading, values) },
    { kind: 'paragraph', text: fill(s.intro, values) },
    { kind: 'link', label: s.action, url: link },
    { kind: 'paragraph', text: s.expires },
    { kind: 'footer', text: fill(s.footer, values) },
  ]);
}

type Block =
  | { kind: 'heading' | 'paragraph' | 'footer'; text: string }
  | { kind: 'link'; lead?: string; label: string; url: string };

function render(lang: MailLanguage, subject: string, blocks: Block[]): Mail {
  return { subject, text: renderText(blocks), html: renderHtml(lang, subject, blocks) };
}

/** Each link on a line of its own, so every mail client makes it clickable and none wraps it. */
function renderText(blocks: Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'link':
        return `${block.lead ? `${block.lead} ` : ''}${block.label}:\n${block.url}`;
      case 'footer':
        // "-- " is the signature separator mail clients recognise and fold away.
        return `-- \n${block.text}`;
      default:
        return block.text;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

/** Plain HTML: no images, no remote resources, nothing that could report an open. */
function renderHtml(lang: MailLanguage, subject: string, blocks: Block[]): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h1 style="font-size:1.4em">${escapeHtml(block.text)}</h1>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'link':
        return `<p>${block.lead ? `${escapeHtml(block.lead)} ` : ''}<a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
      case 'footer':
        return `<hr>\n<p style="font-size:0.9em;color:#555">${escapeHtml(block.text)}</p>`;
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${lang}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
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

/**
 * Single pass, so a title that happens to contain "{days}" stays as written. An unknown
 * placeholder is a mistake in a translation: fail loudly rather than mail a "{titel}".
 */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Mail template uses an unknown placeholder {${key}}.`);
    return value;
  });
}

function plural(lang: MailLanguage, forms: PluralForms, count: number): string {
  return forms[new Intl.PluralRules(lang).select(count)] ?? forms.other;
}

/** A subject is one header line: line breaks or control characters in a title must not reach it. */
function oneLine(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}
