import { describe, expect, it } from 'vitest';
import en from '../app/i18n/en.ts';
import ka from '../app/i18n/ka.ts';
import hy from '../app/i18n/hy.ts';
import ru from '../app/i18n/ru.ts';
import { campaignUrl } from '../app/routes.ts';
import { qrFileName, shareData, shareLinks, SHARE_SERVICES } from './share-rules.ts';

const URL_ = campaignUrl('https://undersigned.example', 'free-nadia-and-levan');

function param(href: string, name: string): string | null {
  return new URL(href).searchParams.get(name);
}
function byService(links: ReturnType<typeof shareLinks>) {
  return Object.fromEntries(links.map((l) => [l.service, l.href]));
}

describe('campaignUrl', () => {
  it('is the campaign’s real path (/c/<slug>) on the given origin, slug encoded, one slash', () => {
    expect(URL_).toBe('https://undersigned.example/c/free-nadia-and-levan');
    expect(campaignUrl('http://127.0.0.1:3000/', 'a b')).toBe('http://127.0.0.1:3000/c/a%20b');
  });
});

describe('shareLinks', () => {
  it('gives each service its own share page, in a fixed order', () => {
    const links = byService(shareLinks(URL_, 'Free them', en.share));
    expect(Object.keys(links)).toEqual([...SHARE_SERVICES]);
    expect(links.telegram).toBe(`https://t.me/share/url?url=${encodeURIComponent(URL_)}&text=Sign%3A%20Free%20them`);
    expect(links.whatsapp).toBe(`https://wa.me/?text=Sign%3A%20Free%20them%0A${encodeURIComponent(URL_)}`);
    expect(links.facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(URL_)}`);
    expect(links.x).toBe(`https://x.com/intent/post?url=${encodeURIComponent(URL_)}&text=Sign%3A%20Free%20them`);
    expect(links.vk).toBe(`https://vk.com/share.php?url=${encodeURIComponent(URL_)}&title=Free%20them`);
    expect(links.email).toBe(`mailto:?subject=Free%20them&body=Please%20read%20and%20sign%3A%20Free%20them%0A${encodeURIComponent(URL_)}`);
  });

  it('keeps a hash in an address inside its parameter (# and / escaped)', () => {
    // Campaign addresses have no hash since /c/<slug> (issue #17); an address with one is still escaped.
    const hashed = 'https://undersigned.example/#/p/free-nadia-and-levan';
    const links = byService(shareLinks(hashed, 'T', en.share));
    expect(links.telegram).toContain('url=https%3A%2F%2Fundersigned.example%2F%23%2Fp%2Ffree-nadia-and-levan');
    for (const href of Object.values(links)) expect(href).not.toContain('#');
    expect(param(links.facebook!, 'u')).toBe(hashed);
  });

  it.each([
    ['Georgian', ka.share, 'გაათავისუფლეთ ნადია და ლევანი', '%E1%83%92%E1%83%90%E1%83%90%E1%83%97'],
    ['Armenian', hy.share, 'Ազատություն Նադիային', '%D4%B1%D5%A6%D5%A1'],
    ['Cyrillic', ru.share, 'Свободу Надии и Левану', '%D0%A1%D0%B2%D0%BE'],
  ])('percent-encodes a %s title as UTF-8 and reads back the same words', (_name, texts, title, escapes) => {
    const links = byService(shareLinks(URL_, title, texts));
    expect(links.vk).toContain(`title=${escapes}`);
    expect(param(links.vk!, 'title')).toBe(title);
    expect(param(links.telegram!, 'text')).toBe(texts.text.replace('{title}', title));
    expect(param(links.x!, 'url')).toBe(URL_);
    const mail = new URL(links.email!);
    expect(decodeURIComponent(/subject=([^&]*)/.exec(mail.search)![1]!)).toBe(title);
    expect(decodeURIComponent(/body=([^&]*)/.exec(mail.search)![1]!)).toBe(texts.emailBody.replace('{title}', title).replace('{url}', URL_));
    // Only ASCII in the address: nothing left for a mail client or a browser to guess at.
    for (const href of Object.values(links)) expect(href).toMatch(/^[\x21-\x7e]+$/);
  });

  it('lets no character of a title break out of its parameter', () => {
    const title = 'A & B = C? #1 + 100% <b>';
    const links = byService(shareLinks(URL_, title, en.share));
    expect(param(links.vk!, 'title')).toBe(title);
    expect([...new URL(links.vk!).searchParams.keys()]).toEqual(['url', 'title']);
    expect(param(links.telegram!, 'url')).toBe(URL_);
  });

  it('says nothing about who shares: only the campaign’s title and address go in', () => {
    for (const texts of [en.share, ka.share, hy.share, ru.share]) {
      for (const { href } of shareLinks(URL_, 'TITLE', texts)) {
        const rest = decodeURIComponent(href).replaceAll(URL_, '').replaceAll('TITLE', '');
        expect(rest).not.toMatch(/@|\{/);
      }
    }
  });

  it('gives the phone’s share sheet the same line and address', () => {
    expect(shareData(URL_, 'Free them', en.share)).toEqual({ title: 'Free them', text: 'Sign: Free them', url: URL_ });
  });
});

describe('qrFileName', () => {
  it('names the file after the slug’s safe characters', () => {
    expect(qrFileName('free-nadia-and-levan', 'svg')).toBe('qr-free-nadia-and-levan.svg');
    expect(qrFileName('../x y', 'png')).toBe('qr-x-y.png');
    expect(qrFileName('ნადია', 'png')).toBe('qr-campaign.png');
  });
});
