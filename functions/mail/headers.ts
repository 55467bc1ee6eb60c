/**
 * From and Reply-To for mails sent on an organisation's behalf (issue #17, item 7): the display name
 * says who is behind the campaign ("Голос via Undersigned"), the address stays ours (it is the
 * verified SES identity SPF and DKIM vouch for, and the one the IAM policy allows). Pure, no I/O.
 *
 * SES takes `FromEmailAddress` as a header value and asks for RFC 2047 encoded-words for a non-ASCII
 * display name; it does not encode one itself. So a display name is written either as plain letters,
 * digits and spaces, or else entirely as `=?UTF-8?B?…?=` encoded-words: base64 has no quote, angle
 * bracket, comma, parenthesis, colon or line break, so nothing an organisation names itself can end
 * the name, add an address or start a header. Control characters and line breaks are dropped first
 * anyway, and the name is bounded, so the header stays well under the 998-octet line limit.
 */
import { EMAIL } from '#rules/limits.ts';

/** At most this many characters of the organisation's name go into the display name. */
export const SENDER_NAME_MAX = 64;

/** The address in `Name <address>`, or the whole value when it has no angle brackets. */
export function addressOf(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1]?.trim() ?? mailbox.trim();
}

/** The display name in `Name <address>` (quotes removed), or undefined. */
export function displayNameOf(mailbox: string): string | undefined {
  const match = /^\s*(.*?)\s*<[^<>]+>\s*$/.exec(mailbox);
  const name = match?.[1]?.replace(/^"(.*)"$/, '$1').trim();
  return name || undefined;
}

/** One line of printable text: control characters (line breaks too) gone, white space collapsed. */
export function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/** "<Organisation> via <Platform>", the organisation's name on one line and bounded; the platform alone without one. */
export function senderName(organisation: string | undefined, platform: string): string {
  const name = oneLine(organisation ?? '');
  if (!name) return platform;
  const chars = Array.from(name);
  const bounded = chars.length > SENDER_NAME_MAX ? `${chars.slice(0, SENDER_NAME_MAX - 1).join('').trimEnd()}…` : name;
  return `${bounded} via ${platform}`;
}

/** Bytes of UTF-8 per encoded-word: 45 → 60 base64 characters, 72 with `=?UTF-8?B?` and `?=` (≤ 75). */
const WORD_BYTES = 45;

/**
 * A display name as RFC 5322 wants it in a header: as it is when only ASCII letters, digits and
 * spaces, else as RFC 2047 "B" encoded-words, split between characters (never inside one's bytes).
 */
export function encodeDisplayName(name: string): string {
  const line = oneLine(name);
  if (/^[A-Za-z0-9 ]*$/.test(line)) return line;
  const words: string[] = [];
  let chunk = '';
  for (const ch of line) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(' ');
}

/** `Name <address>` with the name encoded as above; the bare address when there is no name. */
export function mailbox(name: string | undefined, address: string): string {
  const encoded = name ? encodeDisplayName(name) : '';
  return encoded ? `${encoded} <${address}>` : address;
}

/** A Reply-To address only when it is one plain address (the profile's rule): never a header's worth of anything. */
export function replyToAddress(contact: string | undefined): string | undefined {
  const address = contact?.trim();
  return address && address.length <= 254 && EMAIL.test(address) ? address : undefined;
}
