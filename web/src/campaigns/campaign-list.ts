/**
 * `#/`: the campaigns, with a search box and filters (kind, the organisation's country, an
 * organisation), the open shelf and the archive, a page at a time ("Show more"). The state stands in
 * the address (`#/?q=…&kind=…&status=archive`), so a search can be shared and the back button
 * returns to the one before. Plain DOM: the public page bundles no template library.
 */
import { setAddress } from '../app/address.ts';
import { getJson } from '../app/api.ts';
import { countText, kindBadge, loadingView, progressBar } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { formatTargets, readList, type PublicCampaignSummary } from '../campaign/campaign-data.ts';
import { campaignHash, organisationHash } from '../app/routes.ts';
import { lang, strings } from '../app/strings.ts';
import { countryOptions } from '../app/countries.ts';
import { formatDate, formatDay, formatPlural, locale } from '../app/format.ts';
import { fill } from '../app/text.ts';
import { isRecord } from '../app/records.ts';
import type { Cleanup, ViewContext } from '../app/view.ts';
import { FIND_LIMITS, SEARCH_DEBOUNCE_MS, isCountry, isKind, listApiPath, listHash, readListState, sameList, type ListState } from './find-rules.ts';

export function renderList(root: HTMLElement, ctx: ViewContext): Cleanup {
  let state = readListState(location.hash);
  const controller = new AbortController();
  let request: AbortController | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  /** Whether the current history entry is one a search being typed made (typing replaces it). */
  let typing = false;

  const heading = h('h1', { tabindex: -1 }, state.shelf === 'archive' ? strings.find.shelfArchive : strings.listTitle);
  const tabs = h(
    'nav',
    { class: 'find-tabs', 'aria-label': strings.find.shelvesLabel },
    shelfLink('open'),
    shelfLink('archive'),
  );
  function shelfLink(shelf: ListState['shelf']): HTMLElement {
    const link = h('a', { href: listHash({ ...state, shelf }), class: 'find-tab' }, shelf === 'open' ? strings.find.shelfOpen : strings.find.shelfArchive);
    if (state.shelf === shelf) link.setAttribute('aria-current', 'page');
    return link;
  }

  const search = h('input', { type: 'search', id: 'find-q', name: 'q', autocomplete: 'off', enterkeyhint: 'search', maxlength: FIND_LIMITS.queryMax, value: state.q });
  const kind = h(
    'select',
    { id: 'find-kind', name: 'kind' },
    h('option', { value: '' }, strings.find.kindAll),
    h('option', { value: 'petition' }, strings.find.kinds.petition),
    h('option', { value: 'letter' }, strings.find.kinds.letter),
  );
  kind.value = state.kind ?? '';
  const country = h(
    'select',
    { id: 'find-country', name: 'country' },
    h('option', { value: '' }, strings.find.countryAll),
    ...countryOptions(locale).map((c) => h('option', { value: c.code }, c.name)),
  );
  country.value = state.country ?? '';
  const orgChip = h('p', { class: 'find-org' });
  orgChip.hidden = !state.org;

  const form = h(
    'form',
    { class: 'find-form', role: 'search' },
    h('div', { class: 'find-field find-field-q' }, h('label', { for: 'find-q' }, strings.find.searchLabel), search),
    h('div', { class: 'find-field' }, h('label', { for: 'find-kind' }, strings.find.kindLabel), kind),
    h('div', { class: 'find-field' }, h('label', { for: 'find-country' }, strings.find.countryLabel), country),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    change({ ...state, q: search.value }, false);
  });
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => change({ ...state, q: search.value }, true), SEARCH_DEBOUNCE_MS);
  });
  kind.addEventListener('change', () => {
    const { kind: _k, ...rest } = state;
    change(isKind(kind.value) ? { ...rest, kind: kind.value } : rest, false);
  });
  country.addEventListener('change', () => {
    const { country: _c, ...rest } = state;
    change(isCountry(country.value) ? { ...rest, country: country.value } : rest, false);
  });

  // Announced when results arrive: how many are shown, and whether there are more.
  const status = h('p', { class: 'find-status', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'list-body' }, loadingView());
  const more = h('button', { type: 'button', class: 'button button-secondary find-more' }, strings.find.loadMore);
  more.hidden = true;
  const intro = h('p', { class: 'lede' }, state.shelf === 'archive' ? strings.find.archiveIntro : strings.listIntro);

  replaceChildren(root, h('section', { class: 'list' }, heading, intro, tabs, form, orgChip, status, body, h('p', {}, more)));
  ctx.ready(heading, state.shelf === 'archive' ? strings.find.shelfArchive : undefined);

  /** A new state from the form: into the address (a new entry, or the typing one replaced), then loaded. */
  function change(next: ListState, fromTyping: boolean): void {
    if (sameList(next, state)) return;
    state = next;
    const url = `${location.pathname}${location.search}${listHash(state)}`;
    setAddress(url, fromTyping && typing);
    typing = fromTyping;
    for (const link of tabs.querySelectorAll('a')) link.setAttribute('href', listHash({ ...state, shelf: link === tabs.firstElementChild ? 'open' : 'archive' }));
    void load();
  }

  let shown: PublicCampaignSummary[] = [];
  let cards: HTMLUListElement | undefined;
  let cursor: string | undefined;

  async function load(after?: string): Promise<void> {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    controller.signal.addEventListener('abort', () => mine.abort(), { once: true });
    if (!after) {
      shown = [];
      cards = undefined;
      replaceChildren(body, loadingView());
    }
    more.hidden = true;
    root.setAttribute('aria-busy', 'true');
    const res = await getJson(listApiPath(state, { lang, ...(after ? { cursor: after } : {}) }), mine.signal);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');
    const items = res.kind === 'response' && res.ok ? readList(res.body) : null;
    if (!items) {
      // A refused search (a filter the server does not take) says so in the reader's language.
      const refused = res.kind === 'response' && res.status === 400;
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, refused ? strings.find.clearSearch : strings.retry);
      retry.addEventListener('click', () => (refused ? change({ ...EMPTY, shelf: state.shelf }, false) : void load(after)));
      const message = refused ? `${strings.find.badSearch} ${serverMessage(res.kind === 'response' ? res.body : null)}`.trim() : strings.loadFailed;
      const notice = h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, message), retry);
      if (after) replaceChildren(status, '');
      if (after) body.append(notice);
      else replaceChildren(body, notice);
      return;
    }
    const answer = res.kind === 'response' ? res.body : null;
    cursor = isRecord(answer) && typeof answer.cursor === 'string' ? answer.cursor : undefined;
    shown = [...shown, ...items];
    showOrganisation();
    if (shown.length === 0) {
      const filtered = state.q.trim() !== '' || state.kind || state.country || state.org;
      replaceChildren(body, h('p', { class: 'notice' }, filtered ? strings.find.noResults : state.shelf === 'archive' ? strings.find.archiveEmpty : strings.listEmpty));
      status.textContent = filtered ? strings.find.noResults : '';
      return;
    }
    if (!cards) {
      cards = h('ul', { class: 'cards' });
      replaceChildren(body, cards);
    }
    const first = items.map((item) => card(item));
    cards.append(...first);
    more.hidden = !cursor;
    status.textContent = `${formatPlural(strings.find.shown, shown.length)}${cursor ? ` ${strings.find.more}` : ''}`;
    // After "Show more", focus moves to the first new campaign, so keyboard users go on from there.
    if (after) first[0]?.querySelector('a')?.focus();
  }

  /** The organisation filter, named from the results (its id is all the address holds). */
  function showOrganisation(): void {
    orgChip.hidden = !state.org;
    if (!state.org) return;
    const name = shown.find((i) => i.organisation?.id === state.org)?.organisation?.name ?? strings.find.orgTitleFallback;
    const { org: _o, ...rest } = state;
    replaceChildren(orgChip, fill(strings.find.organisationFilter, { name }), ' ', h('a', { href: listHash(rest) }, strings.find.clearOrganisation));
  }

  more.addEventListener('click', () => void load(cursor));
  void load();
  return () => {
    clearTimeout(debounce);
    controller.abort();
    request?.abort();
    root.removeAttribute('aria-busy');
  };
}

const EMPTY: ListState = { q: '', shelf: 'open' };

function serverMessage(body: unknown): string {
  if (!isRecord(body) || !isRecord(body.error)) return '';
  const fields = isRecord(body.error.fields) ? Object.values(body.error.fields).filter((v): v is string => typeof v === 'string') : [];
  return fields.length > 0 ? fields.join(' ') : typeof body.error.message === 'string' ? body.error.message : '';
}

/** One campaign in a list: kind, title, targets, who is behind it, its count, and, once it ended, its outcome. */
export function card(item: PublicCampaignSummary, options: { organisation?: boolean } = {}): HTMLElement {
  const title = h('a', { href: campaignHash(item.slug) }, item.title);
  if (item.language) title.setAttribute('lang', item.language);
  return h(
    'li',
    { class: 'card' },
    kindBadge(item.kind),
    h('h2', { class: 'card-title' }, title),
    item.targets.length > 0 ? h('p', { class: 'card-to' }, `${strings.toPrefix} ${formatTargets(item.targets)}`) : null,
    item.organisation && options.organisation !== false ? h('p', { class: 'card-org' }, h('a', { href: organisationHash(item.organisation.id) }, fill(strings.find.by, { name: item.organisation.name }))) : null,
    item.goal > 0 && item.status === 'open' ? progressBar(item.count, item.goal, true).el : null,
    h('p', { class: 'card-count' }, countText(item.count, item.goal)),
    outcome(item),
  );
}

function outcome(item: PublicCampaignSummary): HTMLElement | null {
  if (item.status === 'delivered' && item.delivery) {
    return h('p', { class: 'card-outcome' }, fill(strings.find.deliveredTo, { to: item.delivery.to, date: formatDay(item.delivery.deliveredOn) }));
  }
  if (item.status !== 'open' && item.closedAt) {
    const date = formatDate(item.closedAt);
    return date ? h('p', { class: 'card-outcome' }, fill(strings.find.closedOn, { date })) : null;
  }
  return null;
}
