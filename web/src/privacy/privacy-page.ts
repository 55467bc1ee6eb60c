/** `#/privacy`: what we keep about signers, how it is protected, who sees it and for how long. */
import { backLink } from '../ui/common.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { strings, type PrivacySection } from '../app/strings.ts';
import type { ViewContext } from '../app/view.ts';

export function renderPrivacy(root: HTMLElement, ctx: ViewContext): void {
  const t = strings.privacy;
  const heading = h('h1', { tabindex: -1 }, t.title);
  replaceChildren(
    root,
    h('article', { class: 'privacy' }, heading, h('p', { class: 'lede' }, t.intro), ...t.sections.map(section)),
    h('p', {}, backLink()),
  );
  ctx.ready(heading, t.title);
}

function section(s: PrivacySection, index: number): HTMLElement {
  const id = `privacy-${index}`;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, s.heading),
    s.items ? h('ul', {}, ...s.items.map((item) => h('li', {}, item))) : null,
    s.text ? h('p', {}, s.text) : null,
  );
}
