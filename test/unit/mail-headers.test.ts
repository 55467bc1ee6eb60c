/**
 * The From and Reply-To of mails sent on an organisation's behalf (issue #17, item 7): the display
 * name in any script survives as written, and no name (quotes, angle brackets, commas, line breaks,
 * a whole forged header) can add an address or a header.
 */
import { describe, expect, it } from 'vitest';
import { addressOf, displayNameOf, encodeDisplayName, mailbox, replyToAddress, senderName, SENDER_NAME_MAX } from '#mail/headers.ts';
import { decodeEncodedWords } from '../support/encoded-words.ts';

const US = 'no-reply@undersigned.example';

/** The header as a client parses it: one line, one address at its end, the name decoded. */
function parsed(header: string) {
  expect(header).not.toMatch(/[\r\n]/);
  const match = /^(.*) <([^<>]+)>$/.exec(header);
  expect(match, header).not.toBeNull();
  const name = match![1]!;
  // Outside encoded-words nothing special to an address list (RFC 5322 "specials") may appear.
  expect(name.replace(/=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/g, '')).toMatch(/^[A-Za-z0-9 ]*$/);
  return { name: decodeEncodedWords(name), address: match![2]! };
}

describe('the sender', () => {
  it('reads MAIL_FROM', () => {
    expect(addressOf('Undersigned <no-reply@x.org>')).toBe('no-reply@x.org');
    expect(addressOf('no-reply@x.org')).toBe('no-reply@x.org');
    expect(displayNameOf('"Undersigned" <no-reply@x.org>')).toBe('Undersigned');
    expect(displayNameOf('no-reply@x.org')).toBeUndefined();
  });

  it('names the organisation "via" the platform, and the platform alone without one', () => {
    expect(senderName('Голос', 'Undersigned')).toBe('Голос via Undersigned');
    expect(senderName(undefined, 'Undersigned')).toBe('Undersigned');
    expect(senderName('  \n ', 'Undersigned')).toBe('Undersigned');
  });

  it('bounds a long name', () => {
    const name = senderName('ა'.repeat(500), 'Undersigned');
    expect(Array.from(name.replace(' via Undersigned', ''))).toHaveLength(SENDER_NAME_MAX);
    expect(name.endsWith('… via Undersigned')).toBe(true);
  });
});

describe('encoded display names (RFC 2047)', () => {
  const names = [
    'Plain Name',
    'Голос Свободы',
    'Հայաստանի Հելսինկյան կոմիտե',
    'საქართველოს ახალგაზრდა იურისტთა ასოციაცია',
    'Zhaŋa Qazaqstan 🇰🇿',
    'Demo Coalition (fictional)',
    'Ilia Chavchavadze Fund, "Free" <Press>',
  ];
  for (const name of names) {
    it(`keeps ${JSON.stringify(name)} as written, each encoded-word at most 75 characters and whole characters`, () => {
      const header = mailbox(senderName(name, 'Undersigned'), US);
      expect(parsed(header)).toEqual({ name: `${name} via Undersigned`, address: US });
      for (const word of header.split(' ').filter((w) => w.startsWith('=?'))) {
        expect(word.length).toBeLessThanOrEqual(75);
        // Each word decodes on its own: no character split between two words.
        expect(() => decodeEncodedWords(word)).not.toThrow();
      }
    });
  }

  it('leaves a plain ASCII name plain', () => {
    expect(encodeDisplayName('Free Press 2026')).toBe('Free Press 2026');
  });
});

describe('header injection', () => {
  const attacks = [
    'Evil" <attacker@evil.example>, "Victim',
    'Org\r\nBcc: everyone@example.org',
    'Org\nReply-To: attacker@evil.example',
    'Org <attacker@evil.example>',
    'A, B, C',
    'Org =?UTF-8?B?PGF0dGFja2VyQGV2aWwuZXhhbXBsZT4=?=',
    'Org\u0000\u2028\u0085Name',
    '"; DROP',
  ];
  for (const attack of attacks) {
    it(`${JSON.stringify(attack)} stays inside the display name: one line, one address, ours`, () => {
      const header = mailbox(senderName(attack, 'Undersigned'), US);
      const { name, address } = parsed(header);
      expect(address).toBe(US);
      expect(header.match(/</g)).toHaveLength(1);
      expect(header.match(/@/g)).toHaveLength(1);
      // What the reader sees is the name on one line, nothing dropped but control characters.
      expect(name).toBe(`${attack.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim()} via Undersigned`);
    });
  }

  it('takes a Reply-To only when it is one plain address', () => {
    expect(replyToAddress('info@golos.example.org')).toBe('info@golos.example.org');
    expect(replyToAddress(' info@golos.example.org ')).toBe('info@golos.example.org');
    for (const bad of ['a@b.org, c@d.org', 'a@b.org\r\nBcc: c@d.org', 'Name <a@b.org>', '', undefined, 'not an address']) {
      expect(replyToAddress(bad)).toBeUndefined();
    }
  });
});
