/**
 * Organiser sign-in, without passwords:
 *
 *   `#/org`                    email → POST /api/auth/link → "check your email" (which never says
 *                              whether the address belongs to anyone)
 *   `#/org/sign-in/<token>`    the link in that mail: POST { token } /api/auth/session sets the
 *                              session cookie, then on to the organiser home. The token sits in
 *                              the hash, so it never reaches a server or CDN log.
 */
import { getJson, postJson } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { mapErrorBody, ORG_HASH } from './logic.ts';
import { busyButton, flashNotice, formField, messageBox } from './org-common.ts';
import { classifySessionStatus } from './org-logic.ts';
import { live, strings } from './strings.ts';
import type { Cleanup, ViewContext } from './view.ts';

const t = live(() => strings.org.signIn);

export function renderSignIn(root: HTMLElement, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, t.title);
  const notice = flashNotice();

  const email = formField(
    'org-email',
    t.email,
    h('input', { type: 'email', name: 'email', required: true, maxlength: 254, autocomplete: 'email', inputmode: 'email', spellcheck: 'false' }),
  );
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t.submit);
  const busy = busyButton(submit, t.sending);
  const errors = messageBox();
  const form = h('form', { class: 'org-form', novalidate: true, 'aria-labelledby': 'org-signin-heading' }, email.el, errors.el, h('div', { class: 'actions' }, submit));
  heading.id = 'org-signin-heading';
  const panel = h('section', { class: 'org-signin' }, heading, notice, h('p', { class: 'lede' }, t.intro), form);
  replaceChildren(root, panel);
  ctx.ready(heading, t.title);

  // Already signed in (a bookmark, the footer link): straight to the campaigns. Not when a page has
  // just sent us here with a message, so a session the API refuses cannot bounce back and forth.
  if (!notice) {
    void getJson('/api/me', controller.signal).then((res) => {
      if (res.kind === 'response' && res.ok) location.replace(ORG_HASH.home);
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    void send();
  });

  const send = async (): Promise<void> => {
    errors.show();
    const address = email.control.value.trim();
    if (address === '') {
      email.setError(strings.validation.required);
      email.control.focus();
      return;
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      email.setError(strings.validation.email);
      email.control.focus();
      return;
    }
    busy.start();
    const res = await postJson('/api/auth/link', { email: address }, controller.signal);
    if (res.kind === 'aborted') return;
    busy.stop();
    if (res.kind === 'response' && res.ok) {
      showSent(address);
      return;
    }
    if (res.kind === 'response' && res.status === 400) {
      const mapped = mapErrorBody(res.body);
      if (mapped.fields.email) {
        email.setError(mapped.fields.email);
        email.control.focus();
        return;
      }
      errors.show(mapped.message ?? strings.validation.email);
    } else if (res.kind === 'network') errors.show(strings.linkErrors.network);
    else if (res.kind === 'timeout') errors.show(strings.linkErrors.timeout);
    else if (res.kind === 'response' && (res.status === 429 || res.status === 503)) errors.show(strings.linkErrors.busy);
    else errors.show(strings.linkErrors.error);
    submit.focus();
  };

  const showSent = (address: string): void => {
    const [before = '', after = ''] = t.sentText.split('{email}');
    const title = h('h2', { tabindex: -1 }, t.sentTitle);
    const again = h('button', { type: 'button', class: 'button button-secondary' }, t.another);
    const sent = h(
      'div',
      { class: 'check-email' },
      title,
      h('p', {}, before, h('strong', { class: 'email' }, address), after),
      h('ul', {}, h('li', {}, t.sentExpires), h('li', {}, t.sentSpam)),
      again,
    );
    form.hidden = true;
    panel.append(sent);
    title.focus();
    again.addEventListener('click', () => {
      sent.remove();
      form.hidden = false;
      email.control.focus();
      (email.control as HTMLInputElement).select();
    });
  };

  return () => controller.abort();
}

export function renderSession(root: HTMLElement, token: string, ctx: ViewContext): Cleanup {
  const controller = new AbortController();

  const run = async (): Promise<void> => {
    replaceChildren(root, h('p', { class: 'loading', role: 'status' }, t.checking));
    root.setAttribute('aria-busy', 'true');
    const res = await postJson('/api/auth/session', { token }, controller.signal);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');
    const outcome = res.kind === 'response' ? classifySessionStatus(res.status) : res.kind === 'network' ? 'network' : 'busy';
    if (outcome === 'signedIn') {
      // replace(): the used link leaves the history, so Back does not try it again.
      location.replace(ORG_HASH.home);
      return;
    }
    const heading = h('h1', { tabindex: -1 }, outcome === 'expired' ? t.expiredTitle : t.failedTitle);
    const newLink = h('a', { href: ORG_HASH.signIn, class: 'button button-secondary' }, t.newLink);
    let body: HTMLElement[];
    if (outcome === 'expired') body = [h('p', {}, t.expiredText), h('p', {}, newLink)];
    else {
      const retry = h('button', { type: 'button', class: 'button button-primary' }, strings.retry);
      retry.addEventListener('click', () => void run());
      const reason = outcome === 'network' ? strings.linkErrors.network : outcome === 'busy' ? strings.linkErrors.busy : strings.linkErrors.error;
      body = [h('p', {}, reason), h('div', { class: 'button-row' }, retry, newLink)];
    }
    replaceChildren(root, h('section', { class: 'link-result link-error' }, heading, ...body));
    ctx.ready(heading, heading.textContent ?? undefined);
    heading.focus({ preventScroll: true });
  };
  void run();
  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
  };
}
