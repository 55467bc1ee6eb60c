/**
 * The pages the links in our emails open. Neither acts on load: mail scanners open links and run
 * their scripts, so only a person's button press confirms or withdraws.
 *
 *   `#/p/<slug>/confirm/<id>/<token>`   shows what this link would confirm (name, listing choice,
 *                                       country, comment: exactly what was sent with it), then
 *                                       confirms when Confirm is pressed
 *   `#/p/<slug>/withdraw/<id>/<token>`  asks first, then withdraws
 *
 * The token sits in the hash, so it never reaches a server or CDN log; it is sent only in a POST body.
 */
import { postJson, getJson, type ApiResult } from '../app/api.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { locale } from '../app/format.ts';
import { fill } from '../app/text.ts';
import { classifyConfirmStatus, classifyWithdrawStatus, linkBody, readPreview, type SignaturePreview } from './mail-link-rules.ts';
import { countryNamer } from '../app/countries.ts';
import { mailActionApiPath, mailActionHash, campaignApiPath, campaignHash } from '../app/routes.ts';
import { readPublicCampaign, type CountReading, type PublicCampaign } from '../campaign/campaign-data.ts';
import { strings } from '../app/strings.ts';
import { createTally, startCountPolling } from '../campaign/tally.ts';
import type { Cleanup, ViewContext } from '../app/view.ts';
import { renderShareBlock } from '../sharing/share-view.ts';

interface LinkRoute {
  slug: string;
  id: string;
  token: string;
}

export function renderConfirm(root: HTMLElement, route: LinkRoute, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];
  const t = strings.confirm;
  const campaignLink = (label: string): HTMLElement => h('p', {}, h('a', { href: campaignHash(route.slug), class: 'button button-secondary' }, label));
  let campaign: PublicCampaign | null = null;

  /** Where a failed preview or confirmation leaves the reader; `retry` for what may pass next time. */
  const showFailure = (outcome: Exclude<ReturnType<typeof classifyConfirmStatus>, 'confirmed'> | 'network' | 'timeout', retry: () => void): void => {
    switch (outcome) {
      case 'invalid':
        show(root, ctx, t.invalidTitle, 'error', campaignTitleLine(campaign), h('p', {}, t.invalidText), campaignLink(t.signAgain));
        return;
      case 'expired':
        show(root, ctx, t.expiredTitle, 'error', campaignTitleLine(campaign), h('p', {}, t.expiredText), campaignLink(t.signAgain));
        return;
      case 'closed':
        show(root, ctx, t.closedTitle, 'error', campaignTitleLine(campaign), h('p', {}, t.closedText), campaignLink(t.toCampaign));
        return;
      default:
        show(root, ctx, t.failedTitle, 'error', campaignTitleLine(campaign), h('p', {}, strings.linkErrors[outcome]), retryButton(retry));
    }
  };

  const showConfirmed = (): void => {
    const tally = createTally({ count: campaign?.count ?? 0 }, campaign?.goal ?? 0);
    // Confirmation shows up in the count within a second or two (it is counted from a stream).
    cleanups.push(startCountPolling(route.slug, (reading: CountReading) => tally.update(reading), true));
    const withdraw = h('a', { href: mailActionHash('withdraw', route.slug, route.id, route.token) }, t.withdrawLink);
    show(
      root,
      ctx,
      t.doneTitle,
      'success',
      campaignTitleLine(campaign),
      h('p', {}, t.doneText),
      tally.el,
      // The share prompt's address is the campaign's (campaignUrl), never this page's, which holds the link's token.
      campaign ? renderShareBlock(campaign, { prompt: true }) : null,
      campaignLink(t.toCampaign),
      h('p', { class: 'withdraw-note' }, `${t.withdrawIntro} `, withdraw),
    );
  };

  /** What the link would confirm, and the button that does it. */
  const showReview = (preview: SignaturePreview): void => {
    const button = h('button', { type: 'button', class: 'button button-primary' }, t.button);
    const message = h('div', { class: 'form-message', role: 'alert' });
    show(
      root,
      ctx,
      t.reviewTitle,
      'plain',
      campaignTitleLine(campaign),
      h('p', {}, t.reviewIntro),
      submissionDetails(preview, campaign),
      message,
      h('div', { class: 'actions' }, button),
      h('p', { class: 'withdraw-note' }, t.notMine),
    );
    button.addEventListener('click', () => {
      if (button.disabled) return;
      void press(button, message);
    });
  };

  const press = async (button: HTMLButtonElement, message: HTMLElement): Promise<void> => {
    button.disabled = true;
    button.textContent = t.working;
    replaceChildren(message);
    message.classList.remove('has-message');
    const res = await postJson(mailActionApiPath('confirm', route.slug, route.id), linkBody(route.token), controller.signal);
    if (res.kind === 'aborted') return;
    const outcome = res.kind === 'response' ? classifyConfirmStatus(res.status) : res.kind;
    if (outcome === 'confirmed') return showConfirmed();
    if (outcome === 'busy' || outcome === 'error' || outcome === 'network' || outcome === 'timeout') {
      // Nothing was confirmed: say so and leave the button to try again.
      button.disabled = false;
      button.textContent = t.button;
      replaceChildren(message, h('p', {}, t.failedTitle), h('p', {}, strings.linkErrors[outcome]));
      message.classList.add('has-message');
      button.focus();
      return;
    }
    showFailure(outcome, () => void load());
  };

  const load = async (): Promise<void> => {
    replaceChildren(root, h('p', { class: 'loading', role: 'status' }, t.loading));
    root.setAttribute('aria-busy', 'true');
    const [res, loaded] = await Promise.all([
      postJson(mailActionApiPath('preview', route.slug, route.id), linkBody(route.token), controller.signal),
      loadCampaign(route.slug, controller.signal),
    ]);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');
    campaign = loaded;
    const preview = res.kind === 'response' && res.ok ? readPreview(res.body) : null;
    if (preview?.status === 'confirmed') return showConfirmed();
    if (preview) return showReview(preview);
    const outcome = res.kind === 'response' ? classifyConfirmStatus(res.ok ? 500 : res.status) : res.kind;
    showFailure(outcome === 'confirmed' ? 'error' : outcome, () => void load());
  };
  void load();

  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
    for (const c of cleanups.splice(0)) c();
  };
}

/** The submission as its signer sent it: name, country, comment, and whether the name will be listed. */
function submissionDetails(preview: SignaturePreview, campaign: PublicCampaign | null): HTMLElement {
  const t = strings.confirm;
  const rows: HTMLElement[] = [h('dt', {}, t.nameLabel), h('dd', {}, preview.name)];
  if (preview.country) rows.push(h('dt', {}, t.countryLabel), h('dd', {}, countryNamer(locale)(preview.country)));
  if (preview.comment) rows.push(h('dt', {}, t.commentLabel), h('dd', { class: 'submission-comment' }, preview.comment));
  // Listing matters only on a campaign that shows a list of signers.
  if (campaign?.publicSigners) rows.push(h('dt', {}, t.listLabel), h('dd', {}, preview.showName ? t.listedYes : t.listedNo));
  return h('dl', { class: 'submission-details' }, ...rows);
}

export function renderWithdraw(root: HTMLElement, route: LinkRoute, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const t = strings.withdraw;
  const context = h('div', {});
  const button = h('button', { type: 'button', class: 'button button-danger' }, t.button);
  const message = h('div', { class: 'form-message', role: 'alert' });

  show(
    root,
    ctx,
    t.title,
    'plain',
    context,
    h('p', {}, t.explain),
    h('p', {}, t.again),
    message,
    h('div', { class: 'actions actions-split' }, button, h('a', { href: campaignHash(route.slug), class: 'button button-secondary' }, t.keep)),
  );
  // The title is context only; the page works without it.
  void loadCampaign(route.slug, controller.signal).then((campaign) => {
    const line = campaignTitleLine(campaign);
    if (line) replaceChildren(context, line);
  });

  let busy = false;
  button.addEventListener('click', () => {
    if (busy) return;
    void withdraw();
  });

  const withdraw = async (): Promise<void> => {
    busy = true;
    button.disabled = true;
    button.textContent = t.working;
    replaceChildren(message);
    message.classList.remove('has-message');
    const res = await postJson(mailActionApiPath('withdraw', route.slug, route.id), linkBody(route.token), controller.signal);
    if (res.kind === 'aborted') return;
    busy = false;
    button.disabled = false;
    button.textContent = t.button;

    const outcome = res.kind === 'response' ? classifyWithdrawStatus(res.status) : res.kind;
    if (outcome === 'withdrawn') {
      show(root, ctx, t.doneTitle, 'success', h('p', {}, t.doneText), h('p', {}, h('a', { href: campaignHash(route.slug) }, strings.confirm.toCampaign)));
      return;
    }
    if (outcome === 'invalid') {
      show(root, ctx, t.invalidTitle, 'error', h('p', {}, t.invalidText), h('p', {}, h('a', { href: campaignHash(route.slug) }, strings.confirm.toCampaign)));
      return;
    }
    // A failed request changes nothing: say so and leave the button to try again.
    replaceChildren(message, h('p', {}, t.failedTitle), h('p', {}, strings.linkErrors[outcome]));
    message.classList.add('has-message');
    button.focus();
  };

  return () => controller.abort();
}

/** Replaces the page with a result: a focused heading (announced on arrival) and its content. */
function show(root: HTMLElement, ctx: ViewContext, title: string, tone: 'success' | 'error' | 'plain', ...content: (Node | null)[]): void {
  const heading = h('h1', { tabindex: -1 }, title);
  replaceChildren(root, h('section', { class: `link-result link-${tone}` }, heading, ...content));
  ctx.ready(heading, title);
  // These pages are reached from an email, not by navigating here: move focus to the result anyway.
  heading.focus({ preventScroll: true });
}

function retryButton(onRetry: () => void): HTMLElement {
  const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
  retry.addEventListener('click', onRetry);
  return h('p', {}, retry);
}

/** "Campaign: <title>", when the campaign could be loaded. */
function campaignTitleLine(campaign: PublicCampaign | null): HTMLElement | null {
  return campaign ? h('p', { class: 'link-campaign' }, fill(strings.campaignLine, { title: campaign.title })) : null;
}

async function loadCampaign(slug: string, signal: AbortSignal): Promise<PublicCampaign | null> {
  const res: ApiResult = await getJson(campaignApiPath(slug), signal);
  return res.kind === 'response' && res.ok ? readPublicCampaign(res.body) : null;
}
