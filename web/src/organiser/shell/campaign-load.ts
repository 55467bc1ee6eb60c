/**
 * Loads one campaign for an organiser page (its page, its editor): a loading line, then the campaign
 * to `show`, or "not found" (404) or "could not load" with a retry. A lapsed session has already
 * been sent to sign in (orgGet), and leaving the page ends quietly.
 */
import { h, replaceChildren } from '../../app/dom.ts';
import { loadingView, messageView } from '../../ui/common.ts';
import { is401, orgGet, type OrgPage } from './common.ts';
import { orgCampaignApiPath } from './api-paths.ts';
import { readCampaign, type Campaign } from './campaign-data.ts';
import { strings } from '../../app/strings.ts';

export function loadCampaign(page: OrgPage, slug: string, show: (campaign: Campaign) => void): void {
  const load = async (): Promise<void> => {
    replaceChildren(page.content, loadingView());
    const res = await orgGet(orgCampaignApiPath(slug), page.signal);
    if (res.kind === 'aborted' || is401(res)) return;
    const campaign = res.kind === 'response' && res.ok ? readCampaign(res.body) : null;
    if (campaign) {
      show(campaign);
      return;
    }
    const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
    retry.addEventListener('click', () => void load());
    const view = res.kind === 'response' && res.status === 404 ? messageView(strings.notFoundTitle, strings.notFoundText) : messageView(strings.loadFailed, undefined, retry);
    replaceChildren(page.content, view.el);
    page.ctx.ready(view.heading);
  };
  void load();
}
