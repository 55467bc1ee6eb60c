/**
 * `#/o/<id>`: an organisation's public campaigns, open ones first, then its archive (closed and
 * delivered, with their outcome), each a page at a time. Named from its campaigns: an organisation
 * with none public shows no name, so the page tells nothing the list does not.
 */
import { getJson } from '../app/api.ts';
import { backLink, loadingView } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { readList, type PublicCampaignSummary } from '../campaign/campaign-data.ts';
import { lang, strings } from '../app/strings.ts';
import { formatPlural } from '../app/format.ts';
import { isRecord } from '../app/records.ts';
import type { Cleanup, ViewContext } from '../app/view.ts';
import { card } from './campaign-list.ts';
import { listApiPath, type ListState } from './find-rules.ts';

export function renderOrganisation(root: HTMLElement, id: string, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, strings.find.orgTitleFallback);
  const status = h('p', { class: 'find-status', role: 'status', 'aria-live': 'polite' });
  const open = shelfSection('open', strings.find.orgOpen);
  const archive = shelfSection('archive', strings.find.orgArchive);
  const body = h('div', { class: 'list-body' }, loadingView());
  replaceChildren(root, h('section', { class: 'list organisation-page' }, heading, h('p', { class: 'lede' }, strings.find.orgIntro), status, body), h('p', {}, backLink()));

  let named = false;
  function name(items: PublicCampaignSummary[]): void {
    const organisation = items.find((i) => i.organisation?.id === id)?.organisation;
    if (named || !organisation) return;
    named = true;
    heading.textContent = organisation.name;
    document.title = `${organisation.name} — ${strings.appName}`;
  }

  function shelfSection(shelf: ListState['shelf'], title: string) {
    const list = h('ul', { class: 'cards' });
    const more = h('button', { type: 'button', class: 'button button-secondary find-more' }, strings.find.loadMore);
    more.hidden = true;
    const el = h('section', { class: `organisation-shelf organisation-${shelf}`, 'aria-labelledby': `org-${shelf}` }, h('h2', { id: `org-${shelf}` }, title), list, h('p', {}, more));
    let cursor: string | undefined;
    let count = 0;
    async function load(after?: string): Promise<boolean | undefined> {
      more.hidden = true;
      const res = await getJson(listApiPath({ q: '', org: id, shelf }, { lang, ...(after ? { cursor: after } : {}) }), controller.signal);
      if (res.kind === 'aborted') return undefined;
      const items = res.kind === 'response' && res.ok ? readList(res.body) : null;
      if (!items) return false;
      name(items);
      const answer = res.kind === 'response' ? res.body : null;
      cursor = isRecord(answer) && typeof answer.cursor === 'string' ? answer.cursor : undefined;
      // The page is the organisation's: its cards need not name it again.
      const added = items.map((item) => card(item, { organisation: false }));
      list.append(...added);
      count += items.length;
      more.hidden = !cursor;
      if (after) added[0]?.querySelector('a')?.focus();
      return true;
    }
    more.addEventListener('click', () => void load(cursor).then((ok) => ok === false && status.replaceChildren(strings.loadFailed)));
    return { el, load, count: () => count };
  }

  const loadAll = async (): Promise<void> => {
    replaceChildren(body, loadingView());
    root.setAttribute('aria-busy', 'true');
    const [a, b] = await Promise.all([open.load(), archive.load()]);
    if (a === undefined || b === undefined) return;
    root.removeAttribute('aria-busy');
    if (!a || !b) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => location.reload());
      replaceChildren(body, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, strings.loadFailed), retry));
      return;
    }
    const total = open.count() + archive.count();
    if (total === 0) {
      replaceChildren(body, h('p', { class: 'notice' }, strings.find.orgEmpty));
      return;
    }
    replaceChildren(body, open.count() > 0 ? open.el : null, archive.count() > 0 ? archive.el : null);
    status.textContent = formatPlural(strings.find.shown, total);
  };
  ctx.ready(heading);
  void loadAll();
  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
  };
}
