/** Small building blocks shared by the views. */
import { h } from '../app/dom.ts';
import { formatNumber, formatPlural } from '../app/format.ts';
import { fill, splitParagraphs } from '../app/text.ts';
import { progressAria, progressPercent } from './progress.ts';
import type { Kind, Target } from '../campaign/campaign-data.ts';
import { strings } from '../app/strings.ts';

export function kindBadge(kind: Kind): HTMLElement {
  return h('p', { class: `badge badge-${kind}` }, strings.kind[kind]);
}

/** "1,234 of 5,000 signatures", or "1,234 signatures" without a goal. */
export function countText(count: number, goal: number): string {
  if (goal > 0) return fill(strings.ofGoal, { count: formatNumber(count), goal: formatNumber(goal) });
  return formatPlural(strings.signatures, count);
}

/**
 * A progress bar. `decorative` bars (in lists, next to a text saying the same) are hidden from
 * assistive technology; the others are a labelled role="progressbar".
 */
export function progressBar(count: number, goal: number, decorative: boolean): { el: HTMLElement; update(count: number): void } {
  const fill = h('div', { class: 'progress-fill' });
  const el = h('div', { class: 'progress' }, fill);
  if (decorative) el.setAttribute('aria-hidden', 'true');
  else {
    el.setAttribute('role', 'progressbar');
    el.setAttribute('aria-label', strings.progressLabel);
  }
  const update = (n: number): void => {
    fill.style.width = `${progressPercent(n, goal)}%`;
    const aria = progressAria(n, goal);
    if (decorative || !aria) return;
    el.setAttribute('aria-valuemin', '0');
    el.setAttribute('aria-valuemax', String(aria.max));
    el.setAttribute('aria-valuenow', String(aria.now));
    el.setAttribute('aria-valuetext', countText(n, goal));
  };
  update(count);
  return { el, update };
}

/** A heading, a sentence and a link back: for "not found" and error pages. */
export function messageView(title: string, text: string | undefined, ...extra: Node[]): { el: HTMLElement; heading: HTMLElement } {
  const heading = h('h1', { tabindex: -1 }, title);
  const el = h('section', { class: 'message' }, heading, text ? h('p', {}, text) : null, ...extra, h('p', {}, backLink()));
  return { el, heading };
}

export function backLink(): HTMLElement {
  return h('a', { href: '#/', class: 'back' }, strings.backToList);
}

export function loadingView(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, strings.loading);
}

/**
 * A campaign's text as the public page and the co-sign page show it: the HTML the server made from
 * the organisers' markdown and sanitised (a short allow-list of tags, http(s) links only; the one
 * place the page takes HTML from the API), else the plain text's paragraphs.
 */
export function campaignTextView(campaign: { text: string; textHtml?: string }): HTMLElement {
  const text = h('div', { class: 'petition-text' });
  if (campaign.textHtml) {
    text.innerHTML = campaign.textHtml;
    text.classList.add('petition-html');
  } else text.append(...splitParagraphs(campaign.text).map((p) => h('p', {}, p)));
  return text;
}

/** "Addressed to" and the list of addressees, or nothing without any; labelled by a heading `id`. */
export function addressedView(targets: readonly Target[], heading: 'h2' | 'h3', id: string): HTMLElement | null {
  if (targets.length === 0) return null;
  return h(
    'section',
    { class: 'addressed', 'aria-labelledby': id },
    h(heading, { class: 'label', id }, strings.addressedTo),
    h('ul', {}, ...targets.map((t) => h('li', {}, h('span', { class: 'target-name' }, t.name), t.office ? h('span', { class: 'target-office' }, t.office) : null))),
  );
}
