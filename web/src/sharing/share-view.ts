/**
 * The share block: the phone's own share sheet (Web Share API) where there is one, plain links to
 * each service's share page (new tab, no referrer), the campaign's address to copy, and a QR code for
 * posters, made only when asked for (its module loads then). Shown on the campaign page, in the
 * "check your email" panel after signing and on the page that confirms a signature.
 *
 * Nothing here names the signer: the links carry the campaign's address and title, and the block is
 * the same whoever looks at it. Nothing of another site is loaded: the links are `<a>` elements only.
 */
import { h } from '../app/dom.ts';
import { campaignUrl } from '../app/routes.ts';
import { strings } from '../app/strings.ts';
import { qrFileName, shareData, shareLinks, type ShareService } from './share-rules.ts';

const SERVICE_NAMES: Record<Exclude<ShareService, 'email'>, string> = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  x: 'X',
  vk: 'VK',
};

let blocks = 0;

export interface ShareBlockOptions {
  /** The heading's level where the block stands (h2 on the campaign page, h3 inside a panel). */
  level?: 'h2' | 'h3';
  /** "Ask others to sign" after signing or confirming; "Share this campaign" on the page itself. */
  prompt?: boolean;
}

export function renderShareBlock(campaign: { slug: string; title: string }, options: ShareBlockOptions = {}): HTMLElement {
  const t = strings.share;
  const n = ++blocks;
  const url = campaignUrl(location.origin, campaign.slug);
  const headingId = `share-heading-${n}`;
  const status = h('p', { class: 'share-status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string): void => {
    // Emptied first, so saying the same words twice is announced twice.
    status.textContent = '';
    requestAnimationFrame(() => (status.textContent = text));
  };

  const links = h(
    'ul',
    { class: 'share-links' },
    ...shareLinks(url, campaign.title, t).map(({ service, href }) =>
      h(
        'li',
        {},
        h(
          'a',
          { href, class: `share-link share-${service}`, 'data-service': service, ...(service === 'email' ? {} : { target: '_blank', rel: 'noopener noreferrer' }) },
          service === 'email' ? t.email : SERVICE_NAMES[service],
          service === 'email' ? null : h('span', { class: 'visually-hidden' }, ` ${strings.opensInNewTab}`),
        ),
      ),
    ),
  );

  // The phone's own share sheet, where the browser has one (most phones; few desktops).
  let native: HTMLElement | null = null;
  if (typeof navigator.share === 'function') {
    const button = h('button', { type: 'button', class: 'button button-primary share-native' }, t.native);
    button.addEventListener('click', () => {
      navigator.share(shareData(url, campaign.title, t)).catch(() => undefined);
    });
    native = button;
  }

  const fieldId = `share-url-${n}`;
  const input = h('input', { id: fieldId, type: 'url', readonly: true, value: url, class: 'share-url', dir: 'ltr' });
  const copy = h('button', { type: 'button', class: 'button button-secondary share-copy' }, t.copy);
  copy.addEventListener('click', () => {
    const fallback = (): void => {
      input.focus();
      input.select();
      say(t.copyFallback);
    };
    if (!navigator.clipboard?.writeText) return fallback();
    navigator.clipboard.writeText(url).then(() => say(t.copied), fallback);
  });

  const qrToggle = h('button', { type: 'button', class: 'button button-secondary share-qr-toggle', 'aria-expanded': 'false', 'aria-controls': `share-qr-${n}` }, t.qr);
  const qrArea = h('div', { class: 'share-qr', id: `share-qr-${n}`, hidden: true });
  let made = false;
  qrToggle.addEventListener('click', () => {
    const open = qrArea.hidden;
    qrArea.hidden = !open;
    qrToggle.setAttribute('aria-expanded', String(open));
    if (!open || made) return;
    made = true;
    void showQr(qrArea, url, campaign.slug).then(
      () => say(t.qrReady),
      () => {
        made = false;
        qrArea.replaceChildren(h('p', { class: 'form-message' }, t.qrFailed));
      },
    );
  });

  return h(
    'section',
    { class: options.prompt ? 'share share-prompt' : 'share', 'aria-labelledby': headingId },
    h(options.level ?? 'h2', { id: headingId }, options.prompt ? t.promptTitle : t.title),
    h('p', { class: 'hint' }, t.intro),
    native,
    links,
    h('div', { class: 'share-copy-row' }, h('label', { for: fieldId }, t.linkLabel), h('div', { class: 'share-copy-field' }, input, copy)),
    h('p', { class: 'share-qr-row' }, qrToggle),
    qrArea,
    status,
  );
}

/** Loads the QR module, draws the code and offers it as SVG and PNG files. */
async function showQr(area: HTMLElement, url: string, slug: string): Promise<void> {
  const t = strings.share;
  const { makePosterQr } = await import('./qr.ts');
  const qr = makePosterQr(url, t.qrLabel);
  const png = await qr.pngBlob();
  const download = (blob: Blob, ext: 'svg' | 'png', label: string): HTMLAnchorElement =>
    h('a', { href: URL.createObjectURL(blob), download: qrFileName(slug, ext), class: `button button-secondary share-download share-download-${ext}` }, label);
  area.replaceChildren(
    h('div', { class: 'share-qr-frame' }, qr.svg),
    h('p', { class: 'hint' }, t.qrHint),
    h('p', { class: 'share-downloads' }, download(qr.svgBlob, 'svg', t.downloadSvg), ' ', download(png, 'png', t.downloadPng)),
  );
}
