/**
 * "Check your email", shown in place of a form once a mail with a link has gone (the sign form, the
 * organiser sign-in), with focus moved to it. The form is hidden, not removed, so the back button
 * brings it back as it was (the anti-spam widget still mounted); `onBack` then puts focus in it.
 */
import { h } from '../app/dom.ts';

export interface CheckEmail {
  /** Where the panel goes, the parts it stands in for, and a class the container wears meanwhile. */
  into: HTMLElement;
  hide: HTMLElement[];
  doneClass?: string;
  title: string;
  /** The sentence naming the address, with `{email}` where it goes. */
  sentTo: string;
  email: string;
  /** A line under it (the sign form's: the signature counts only once confirmed). */
  note?: string;
  items: string[];
  back: string;
  onBack(): void;
  /** Shown below it all (the sign form's "ask others to sign"). */
  after?: HTMLElement;
}

export function showCheckEmail(o: CheckEmail): void {
  const [before = '', after = ''] = o.sentTo.split('{email}');
  const title = h('h2', { tabindex: -1 }, o.title);
  const back = h('button', { type: 'button', class: 'button button-secondary' }, o.back);
  const panel = h(
    'div',
    { class: 'check-email' },
    title,
    h('p', {}, before, h('strong', { class: 'email' }, o.email), after),
    o.note ? h('p', { class: 'check-email-counts' }, o.note) : null,
    h('ul', {}, ...o.items.map((item) => h('li', {}, item))),
    back,
    o.after,
  );
  for (const part of o.hide) part.hidden = true;
  o.into.append(panel);
  if (o.doneClass) o.into.classList.add(o.doneClass);
  title.focus();

  back.addEventListener('click', () => {
    panel.remove();
    if (o.doneClass) o.into.classList.remove(o.doneClass);
    for (const part of o.hide) part.hidden = false;
    o.onBack();
  });
}
