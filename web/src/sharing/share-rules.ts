/**
 * Share links for a campaign: plain addresses of each service's own share page, opened in a new tab
 * by the reader's choice. Nothing of theirs (script, iframe, image, pixel) is loaded on our pages.
 * Pure: the campaign's address, its title and the reader's language's words in, links out. Nothing
 * about the signer goes in: a share text names the campaign, never who passes it on.
 */

export type ShareService = 'telegram' | 'whatsapp' | 'facebook' | 'x' | 'vk' | 'email';

export const SHARE_SERVICES: readonly ShareService[] = ['telegram', 'whatsapp', 'facebook', 'x', 'vk', 'email'];

/** The words of a share in the reader's language (`strings.share`): `{title}` and `{url}` are filled here. */
export interface ShareTexts {
  /** A short line sent with the address, e.g. "Sign: {title}". */
  text: string;
  /** The mail's subject and body; the body carries the address. */
  emailSubject: string;
  emailBody: string;
}

export interface ShareLink {
  service: ShareService;
  href: string;
}

const enc = encodeURIComponent;

function fillIn(template: string, values: { title: string; url: string }): string {
  return template.replace(/\{(title|url)\}/g, (_m, key: 'title' | 'url') => values[key]);
}

/**
 * Every service's link for one campaign. `encodeURIComponent` writes Georgian, Armenian and Cyrillic
 * titles as UTF-8 percent escapes, and escapes `&`, `#`, `?` and `+` in a title or address, so neither
 * can break out of its parameter.
 */
export function shareLinks(url: string, title: string, texts: ShareTexts): ShareLink[] {
  const text = fillIn(texts.text, { title, url });
  const subject = fillIn(texts.emailSubject, { title, url });
  const body = fillIn(texts.emailBody, { title, url });
  const hrefs: Record<ShareService, string> = {
    telegram: `https://t.me/share/url?url=${enc(url)}&text=${enc(text)}`,
    // WhatsApp takes one text: the line, then the address on its own line so it becomes a link.
    whatsapp: `https://wa.me/?text=${enc(`${text}\n${url}`)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}`,
    x: `https://x.com/intent/post?url=${enc(url)}&text=${enc(text)}`,
    vk: `https://vk.com/share.php?url=${enc(url)}&title=${enc(title)}`,
    email: `mailto:?subject=${enc(subject)}&body=${enc(body)}`,
  };
  return SHARE_SERVICES.map((service) => ({ service, href: hrefs[service] }));
}

/** What `navigator.share` is given: the same line and address as the links. */
export function shareData(url: string, title: string, texts: ShareTexts): { title: string; text: string; url: string } {
  return { title, text: fillIn(texts.text, { title, url }), url };
}

/** A file name for the poster's QR code: the slug's safe characters, else "campaign". */
export function qrFileName(slug: string, ext: 'svg' | 'png'): string {
  const safe = slug.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `qr-${safe || 'campaign'}.${ext}`;
}
