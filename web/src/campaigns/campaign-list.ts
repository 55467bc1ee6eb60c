/** `#/`: the open campaigns. */
import { getJson } from '../app/api.ts';
import { countText, kindBadge, loadingView, progressBar } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { formatTargets, readList, type PublicCampaignSummary } from '../campaign/campaign-data.ts';
import { campaignHash } from '../app/routes.ts';
import { strings } from '../app/strings.ts';
import type { Cleanup, ViewContext } from '../app/view.ts';

export function renderList(root: HTMLElement, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, strings.listTitle);
  const body = h('div', { class: 'list-body' }, loadingView());
  replaceChildren(root, h('section', { class: 'list' }, heading, h('p', { class: 'lede' }, strings.listIntro), body));
  ctx.ready(heading);

  const load = async (): Promise<void> => {
    replaceChildren(body, loadingView());
    root.setAttribute('aria-busy', 'true');
    const res = await getJson('/api/campaigns', controller.signal);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');
    const items = res.kind === 'response' && res.ok ? readList(res.body) : null;
    if (!items) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => void load());
      replaceChildren(body, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, strings.loadFailed), retry));
      return;
    }
    if (items.length === 0) {
      replaceChildren(body, h('p', { class: 'notice' }, strings.listEmpty));
      return;
    }
    replaceChildren(body, h('ul', { class: 'cards' }, ...items.map(card)));
  };
  void load();
  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
  };
}

function card(item: PublicCampaignSummary): HTMLElement {
  return h(
    'li',
    { class: 'card' },
    kindBadge(item.kind),
    h('h2', { class: 'card-title' }, h('a', { href: campaignHash(item.slug) }, item.title)),
    item.targets.length > 0 ? h('p', { class: 'card-to' }, `${strings.toPrefix} ${formatTargets(item.targets)}`) : null,
    item.goal > 0 ? progressBar(item.count, item.goal, true).el : null,
    h('p', { class: 'card-count' }, countText(item.count, item.goal)),
  );
}
