/**
 * What identifies a signer, and what of them may be shown. Pure and free of zod, so the confirm and
 * withdraw functions do not bundle the validator.
 */

/**
 * What the public list shows of a signer who chose to appear on it: the first name and the initial of
 * the last, e.g. "Nadia K." or "Սոնա Մ.". Initials are whole graphemes, so combining marks stay
 * attached. The initial is left as written: upper-casing would turn Georgian letters into Mtavruli
 * capitals, which Georgian does not use for names and many fonts cannot show.
 */
export function publicLabel(name: string): string {
  const parts = name.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? '';
  const last = parts[parts.length - 1]!;
  const [first] = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(last);
  return `${parts[0]} ${first?.segment ?? ''}.`;
}

/** The part of an email address after the last @, lower-cased: the velocity signal's key. */
export function emailDomain(email: string): string {
  const canonical = canonicalEmail(email);
  return canonical.slice(canonical.lastIndexOf('@') + 1);
}

/**
 * Providers that deliver `name+anything@` to `name@` (plus-addressing), and those that also ignore
 * dots in the name (Gmail) or treat dots and hyphens as one (Yandex). For them, every spelling of one
 * mailbox has one canonical form, so one mailbox is one signature and one mail quota, however many
 * variants someone types. Other providers may give `+` or dots a meaning of their own: left as typed.
 */
const GMAIL = new Set(['gmail.com', 'googlemail.com']);
const YANDEX = new Set(['yandex.ru', 'yandex.com', 'yandex.by', 'yandex.kz', 'yandex.ua', 'ya.ru']);
const PLUS_ADDRESSING = new Set([
  ...GMAIL,
  ...YANDEX,
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'protonmail.com',
  'protonmail.ch',
  'proton.me',
  'pm.me',
  'fastmail.com',
  'fastmail.fm',
]);

/**
 * The form of an email address that identifies a mailbox: case and Unicode form do not matter, nor do
 * the spellings a provider delivers to the same mailbox (see PLUS_ADDRESSING). Used for keyed hashes
 * only (signer ids, mail quotas); mail goes to the address as typed.
 */
export function canonicalEmail(email: string): string {
  const address = email.normalize('NFC').trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  if (!PLUS_ADDRESSING.has(domain)) return address;
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  if (YANDEX.has(domain)) {
    local = local.replaceAll('.', '-');
    domain = 'yandex.ru';
  }
  return `${local}@${domain}`;
}
