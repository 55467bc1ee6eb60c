/** `/c/<slug>` (and the old `#/p/<slug>`): one campaign, its live counter, the sign form and (if the campaign has one) its public list of signers. */
import { getJson } from '../app/api.ts';
import { addressedView, backLink, campaignTextView, kindBadge, loadingView, messageView } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { renderSignForm } from '../signing/sign-form.ts';
import { formatDate, formatDay, locale } from '../app/format.ts';
import { countryNamer } from '../app/countries.ts';
import { fill } from '../app/text.ts';
import { readPublicCampaign, type CampaignImage, type Cosigner, type Delivery, type PublicCampaign } from './campaign-data.ts';
import { campaignApiPath, organisationHash } from '../app/routes.ts';
import { renderSigners } from './signers.ts';
import { renderShareBlock } from '../sharing/share-view.ts';
import { organisationViews } from '../organisation/organisation-view.ts';
import { LANGUAGES, lang, strings } from '../app/strings.ts';
import { createTally, startCountPolling } from './tally.ts';
import { showStickySign, WIDE_LAYOUT_REM } from './sticky-sign-rules.ts';
import type { Cleanup, ViewContext } from '../app/view.ts';

export function renderCampaign(root: HTMLElement, slug: string, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];
  // A published page (/c/<slug>) arrives with the campaign drawn in <main> (functions/documents/
  // campaign-page.ts), in this view's markup: it stays until the view replaces it, so nothing jumps.
  const prerendered = [...root.querySelectorAll<HTMLElement>('[data-prerendered]')].some((el) => el.dataset.prerendered === slug);
  if (!prerendered) replaceChildren(root, loadingView());

  // The campaign in the page's language when it has a translation, else its original. Asked for by
  // `?lang=` (not only Accept-Language) so the CDN can cache each language apart.
  const load = async (reading: string = lang): Promise<void> => {
    root.setAttribute('aria-busy', 'true');
    const res = await getJson(`${campaignApiPath(slug)}?lang=${encodeURIComponent(reading)}`, controller.signal);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');

    if (res.kind === 'response' && res.status === 404) {
      const view = messageView(strings.notFoundTitle, strings.notFoundText);
      replaceChildren(root, view.el);
      ctx.ready(view.heading);
      return;
    }
    const campaign = res.kind === 'response' && res.ok ? readPublicCampaign(res.body) : null;
    if (!campaign) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => {
        replaceChildren(root, loadingView());
        void load();
      });
      const view = messageView(strings.loadFailed, undefined, retry);
      replaceChildren(root, view.el);
      ctx.ready(view.heading);
      return;
    }
    for (const c of cleanups.splice(0)) c();
    showCampaign(root, campaign, ctx, controller.signal, cleanups, (other) => void load(other));
  };
  void load();

  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
    for (const c of cleanups.splice(0)) c();
  };
}

function showCampaign(
  root: HTMLElement,
  campaign: PublicCampaign,
  ctx: ViewContext,
  signal: AbortSignal,
  cleanups: Cleanup[],
  readIn: (language: string) => void,
): void {
  const heading = h('h1', { tabindex: -1, class: 'petition-title' }, campaign.title);
  // The detail answer may be cached for a few seconds; the polls that follow bring the count up to date.
  const tally = createTally(campaign.asOf === undefined ? { count: campaign.count } : { count: campaign.count, asOf: campaign.asOf }, campaign.goal, { showUpdated: true });
  const deadline = campaign.deadline ? formatDate(campaign.deadline) : undefined;

  let signArea: HTMLElement;
  let stickySign: HTMLElement | null = null;
  if (campaign.status !== 'open') {
    signArea = h(
      'section',
      { class: 'notice notice-closed' },
      h('p', {}, campaign.status === 'delivered' ? strings.deliveredNotice : strings.closedNotice),
      campaign.delivery ? h('p', { class: 'delivery-record' }, deliveryLine(campaign.delivery)) : null,
      campaign.delivery?.note ? h('p', { class: 'delivery-record' }, campaign.delivery.note) : null,
    );
  } else {
    const form = renderSignForm(campaign, signal);
    cleanups.push(form.cleanup);
    signArea = form.el;
    const sticky = stickySignButton(campaign, form.el, () => form.focusFirstField());
    cleanups.push(sticky.cleanup);
    stickySign = sticky.el;
  }

  const text = campaignTextView(campaign);
  // Who is behind it, and the campaign's own privacy notice (web/src/organisation/).
  const behind = organisationViews(campaign);
  // Screen readers pronounce the campaign's words in the language they are in, not the page's.
  if (campaign.language) {
    heading.setAttribute('lang', campaign.language);
    text.setAttribute('lang', campaign.language);
  }

  replaceChildren(
    root,
    h(
      'article',
      { class: 'petition' },
      kindBadge(campaign.kind),
      heading,
      campaign.image ? campaignImage(campaign.image, campaign.language) : null,
      behind.byline,
      addressedView(campaign.targets, 'h2', 'addressed-label'),
      deadline ? h('p', { class: 'deadline' }, fill(strings.deadline, { date: deadline })) : null,
      tally.el,
      stickySign,
      languageNote(campaign, readIn),
      text,
      signArea,
      campaign.status === 'open' ? h('p', { class: 'privacy-notice-link' }, behind.opener()) : null,
      behind.notice,
      renderShareBlock(campaign),
      campaign.cosigners.length > 0 ? cosignerList(campaign.cosigners) : null,
      campaign.publicSigners ? renderSigners(campaign.slug, signal) : null,
    ),
    h('p', {}, backLink()),
    // Issue #17: the organisation's other campaigns.
    campaign.organisation ? h('p', { class: 'more-from' }, h('a', { href: organisationHash(campaign.organisation.id) }, fill(strings.find.moreFrom, { name: campaign.organisation.name }))) : null,
  );
  ctx.ready(heading, campaign.title);

  cleanups.push(startCountPolling(campaign.slug, (reading) => tally.update(reading), true));
}

/**
 * The campaign's image, its box reserved by its width and height (no layout shift as it arrives),
 * fetched first: near the top of the page it is the largest thing on the first screen.
 */
function campaignImage(image: CampaignImage, language: string | undefined): HTMLElement {
  return h(
    'figure',
    { class: 'petition-image' },
    h('img', { src: image.src, alt: image.alt, width: image.width, height: image.height, loading: 'eager', fetchpriority: 'high', decoding: 'async', ...(language ? { lang: language } : {}) }),
  );
}

/**
 * On phones, a Sign button fixed at the foot of the screen while the form is still below it
 * (sticky-sign-rules.ts decides when); pressing it scrolls to the form (smoothly unless the person
 * asked for reduced motion) and focuses its first field. Hidden with the `hidden` attribute, so
 * it is out of the tab order and of the accessibility tree while it does not show.
 */
function stickySignButton(campaign: PublicCampaign, section: HTMLElement, focusForm: () => void): { el: HTMLElement; cleanup: Cleanup } {
  const button = h('button', { type: 'button', class: 'button button-primary' }, strings.form.heading[campaign.kind]);
  button.addEventListener('click', focusForm);
  const bar = h('div', { class: 'sign-bar', hidden: true }, button);
  const wide = matchMedia(`(min-width: ${WIDE_LAYOUT_REM}rem)`);
  let frame = 0;
  const update = (): void => {
    frame = 0;
    const footer = document.querySelector('.site-footer');
    const show = showStickySign({
      wide: wide.matches,
      done: section.classList.contains('sign-done'),
      formTop: section.getBoundingClientRect().top,
      footerTop: footer ? footer.getBoundingClientRect().top : Infinity,
      viewportHeight: window.innerHeight,
      // The bar's height when it shows; 64 px (its usual height) while it is hidden and has none.
      reveal: bar.offsetHeight || 64,
    });
    if (bar.hidden === show) bar.hidden = !show;
  };
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  addEventListener('scroll', schedule, { passive: true });
  addEventListener('resize', schedule);
  wide.addEventListener('change', schedule);
  // The first decision once the page has laid out the view.
  schedule();
  return {
    el: bar,
    cleanup: () => {
      if (frame) cancelAnimationFrame(frame);
      removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
      wide.removeEventListener('change', schedule);
    },
  };
}

/** "Translated from English." when a translation is shown, and buttons to read it in its other languages. */
function languageNote(campaign: PublicCampaign, readIn: (language: string) => void): HTMLElement | null {
  const others = campaign.languages.filter((l) => l !== campaign.language);
  if (others.length === 0) return null;
  const name = (code: string) => (LANGUAGES as Record<string, string>)[code] ?? code;
  const translated = campaign.originalLanguage && campaign.language && campaign.language !== campaign.originalLanguage;
  return h(
    'div',
    { class: 'campaign-languages' },
    translated ? h('p', { class: 'hint' }, fill(strings.campaignLanguage.translatedFrom, { language: name(campaign.originalLanguage!) })) : null,
    h(
      'p',
      { class: 'hint' },
      `${strings.campaignLanguage.readIn} `,
      ...others.flatMap((code, i) => {
        const button = h('button', { type: 'button', class: 'language-choice', lang: code }, name(code));
        button.addEventListener('click', () => readIn(code));
        return i === 0 ? [button] : [' · ', button];
      }),
    ),
  );
}

/** "Delivered on 3 March 2027 to the Ministry of Justice in person." (The organisers' note is not part of it.) */
export function deliveryLine(delivery: Delivery): string {
  const method = strings.delivery.method[delivery.method];
  const values = { date: formatDay(delivery.deliveredOn), to: delivery.to, method };
  return fill(method ? strings.delivery.line : strings.delivery.lineNoMethod, values);
}

/** Organisations that co-sign: apart from the individual signatures and their count. */
function cosignerList(cosigners: Cosigner[]): HTMLElement {
  const countryName = countryNamer(locale);
  return h(
    'section',
    { class: 'cosigners', 'aria-labelledby': 'cosigners-heading' },
    h('h2', { id: 'cosigners-heading' }, strings.cosigners.title),
    h('p', { class: 'hint' }, strings.cosigners.intro),
    h(
      'ul',
      { class: 'cosigner-list' },
      ...cosigners.map((c) =>
        h(
          'li',
          {},
          c.website ? h('a', { href: c.website, rel: 'noopener noreferrer nofollow ugc', target: '_blank' }, c.name) : h('span', { class: 'cosigner-name' }, c.name),
          c.country ? h('span', { class: 'muted' }, ` · ${countryName(c.country)}`) : null,
        ),
      ),
    ),
  );
}
