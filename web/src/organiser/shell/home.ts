/** `#/org/campaigns`: the organisation's campaigns, with their status and counts. */
import { countText, kindBadge, loadingView, progressBar } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatPlural } from '../../app/format.ts';
import { ORG_HASH, orgCampaignHash } from '../../app/routes.ts';
import { flashNotice, is401, orgGet, orgPage, statusBadge } from './common.ts';
import { hasRole } from './roles.ts';
import { readCampaignList, type CampaignSummary } from './campaign-data.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

const t = live(() => strings.org.home);

export function renderOrgHome(root: HTMLElement, ctx: ViewContext): Cleanup {
  return orgPage(root, ctx, 'home', ({ me, content, signal }) => {
    const heading = h('h1', { tabindex: -1 }, t.campaigns);
    const canEdit = hasRole(me.role, 'editor');
    const body = h('div', { class: 'org-list-body' }, loadingView());
    replaceChildren(
      content,
      h(
        'div',
        { class: 'org-heading' },
        heading,
        canEdit ? h('a', { href: ORG_HASH.new, class: 'button button-primary button-inline' }, t.new) : null,
      ),
      flashNotice(),
      body,
    );
    ctx.ready(heading, `${t.campaigns} · ${me.organisation.name}`);

    const load = async (): Promise<void> => {
      replaceChildren(body, loadingView());
      body.setAttribute('aria-busy', 'true');
      const res = await orgGet('/api/org/campaigns', signal);
      if (res.kind === 'aborted' || is401(res)) return;
      body.removeAttribute('aria-busy');
      const campaigns = res.kind === 'response' && res.ok ? readCampaignList(res.body) : null;
      if (!campaigns) {
        const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
        retry.addEventListener('click', () => void load());
        replaceChildren(body, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, strings.loadFailed), retry));
        return;
      }
      if (campaigns.length === 0) {
        replaceChildren(body, h('p', { class: 'notice' }, canEdit ? t.emptyEditor : t.empty));
        return;
      }
      replaceChildren(body, h('ul', { class: 'cards' }, ...campaigns.map(card)));
    };
    void load();
  });
}

function card(c: CampaignSummary): HTMLElement {
  return h(
    'li',
    { class: 'card' },
    h('div', { class: 'card-badges' }, statusBadge(c.status), kindBadge(c.kind)),
    h('h2', { class: 'card-title' }, h('a', { href: orgCampaignHash(c.slug) }, c.title)),
    c.goal > 0 ? progressBar(c.count, c.goal, true).el : null,
    h('p', { class: 'card-count' }, countText(c.count, c.goal), c.pending > 0 ? ` · ${formatPlural(t.pending, c.pending)}` : null),
  );
}
