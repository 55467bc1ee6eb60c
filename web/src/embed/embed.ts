/**
 * The embed page (embed.html?slug=<slug>&lang=<xx>&tag=<tag>): one campaign, compactly — title,
 * live counter, the sign form and its "check your email" panel, and a link to the full page — for
 * the iframe that /widget.js (or a plain <iframe>) puts on an organisation's own site.
 *
 * Everything is the main page's own modules (signing/sign-form.ts, campaign/tally.ts,
 * signing/anti-spam.ts through the form), so the widget signs exactly as the site does; only the signature says where it was made (`source`:
 * the embedding site's host and the snippet's tag), and links open the main site in a new tab.
 * Confirmation links in the mail lead to the main site, as for any signature.
 *
 * The page tells its parent how tall it is (postMessage, see embed-rules.ts) whenever that changes.
 */
import { getJson } from '../app/api.ts';
import { loadingView, messageView } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { embeddingHost, parseEmbedParams, resizeMessage, signSource } from './embed-rules.ts';
import { renderSignForm } from '../signing/sign-form.ts';
import { setFormatLocale } from '../app/format.ts';
import { chooseLanguage, LANGUAGE_STORAGE_KEY, localeFor } from '../app/language.ts';
import { readPublicCampaign } from '../campaign/campaign-data.ts';
import { campaignApiPath, campaignHash, PRIVACY_HASH } from '../app/routes.ts';
import { lang, setLanguage, strings } from '../app/strings.ts';
import { createTally, startCountPolling } from '../campaign/tally.ts';

/** The saved choice, where this (third-party, hence partitioned) frame may read storage at all. */
function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The main site's page for a hash route: embed.html sits next to index.html. */
function siteHref(hash: string): string {
  return new URL(`./${hash}`, location.href).href;
}

/** Reports the page's height to the embedding page whenever it changes (the snippet resizes the frame). */
function reportHeight(slug: string, title: () => string | undefined): void {
  if (window.parent === window) return;
  let last = 0;
  let lastTitle: string | undefined;
  const send = (): void => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    const t = title();
    if (height === last && t === lastTitle) return;
    last = height;
    lastTitle = t;
    // '*': the height and the public title are no secret, and the embedding origin is not known for
    // sure (the snippet checks that the message comes from us).
    window.parent.postMessage(resizeMessage(slug, height, t), '*');
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}

async function start(): Promise<void> {
  const main = document.getElementById('main');
  if (!main) return;
  const params = parseEmbedParams(location.search);

  await setLanguage(chooseLanguage({ search: location.search, saved: savedLanguage(), preferred: navigator.languages ?? [] }));
  setFormatLocale(localeFor(lang, navigator.languages ?? []));
  document.documentElement.lang = lang;
  document.title = strings.appName;

  if (!params) {
    replaceChildren(main, messageView(strings.notFoundTitle, strings.notFoundText).el);
    return;
  }
  let title: string | undefined;
  reportHeight(params.slug, () => title);

  const source = signSource(
    embeddingHost({ ancestorOrigins: location.ancestorOrigins ? Array.from(location.ancestorOrigins) : undefined, referrer: document.referrer, ownOrigin: location.origin }),
    params.tag,
  );
  const controller = new AbortController();

  const load = async (): Promise<void> => {
    replaceChildren(main, loadingView());
    const res = await getJson(`${campaignApiPath(params.slug)}?lang=${encodeURIComponent(lang)}`, controller.signal);
    if (res.kind === 'aborted') return;
    if (res.kind === 'response' && res.status === 404) {
      replaceChildren(main, messageView(strings.notFoundTitle, strings.notFoundText).el);
      return;
    }
    const campaign = res.kind === 'response' && res.ok ? readPublicCampaign(res.body) : null;
    if (!campaign) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => void load());
      replaceChildren(main, messageView(strings.loadFailed, undefined, retry).el);
      return;
    }
    title = campaign.title;
    document.title = `${campaign.title} — ${strings.appName}`;

    const tally = createTally(campaign.asOf === undefined ? { count: campaign.count } : { count: campaign.count, asOf: campaign.asOf }, campaign.goal);
    const fullPage = h(
      'a',
      { class: 'embed-full', href: siteHref(campaignHash(campaign.slug)), target: '_blank', rel: 'noopener' },
      strings.embed.fullPage,
      h('span', { class: 'visually-hidden' }, ` ${strings.opensInNewTab}`),
    );
    let signArea: HTMLElement;
    if (campaign.status === 'open') {
      const form = renderSignForm(campaign, controller.signal, { source, privacyHref: siteHref(PRIVACY_HASH) });
      signArea = form.el;
    } else {
      signArea = h('p', { class: 'notice notice-closed' }, campaign.status === 'delivered' ? strings.deliveredNotice : strings.closedNotice);
    }
    replaceChildren(
      main,
      h('article', { class: 'petition embed-petition' }, h('h1', { class: 'petition-title' }, campaign.title), tally.el, h('p', {}, fullPage), signArea),
    );
    startCountPolling(campaign.slug, (reading) => tally.update(reading), true);
  };
  await load();
}

void start();
