/**
 * Organiser sign-in, without passwords:
 *
 *   `#/org`                    email and the anti-spam check (a proof of work, solved on the device
 *                              as on the sign form) → POST /api/auth/link → "check your email",
 *                              which never says whether the address belongs to anyone
 *   `#/org/sign-in/<token>`    the link in that mail (or in an invitation): a page with a button.
 *                              Only pressing it POSTs { token } to /api/auth/session, which sets the
 *                              session cookie, then on to the organiser home. Opening the link does
 *                              nothing by itself, so a mail scanner that opens links (and runs their
 *                              scripts) cannot spend it. The token sits in the hash, so it never
 *                              reaches a server or CDN log.
 */
import { getJson, postJson } from '../../app/api.ts';
import { createAntiSpamCheck } from '../../signing/anti-spam.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { mapErrorBody } from '../../signing/sign-rules.ts';
import { ORG_HASH } from '../../app/routes.ts';
import { flashNotice } from './common.ts';
import { field, groupError } from '../../ui/field.ts';
import { showCheckEmail } from '../../ui/check-email.ts';
import { formController } from '../../ui/form.ts';
import { busyButton } from '../../ui/busy-button.ts';
import { classifySessionStatus } from './roles.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';
import { addressProblem, signInBody } from './address-rules.ts';
import { SIGN_LIMITS } from '../../../../functions/rules/limits.ts';

const t = live(() => strings.org.signIn);

export function renderSignIn(root: HTMLElement, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, t.title);
  const notice = flashNotice();

  const email = field(
    'org-email',
    t.email,
    h('input', { type: 'email', name: 'email', required: true, maxlength: SIGN_LIMITS.email, autocomplete: 'email', inputmode: 'email', spellcheck: 'false' }),
  );
  // The same check as the sign form's: it starts on the form's first focus, so it is usually done
  // by the time the address is typed; its own line shows how far it is.
  const antiSpam = createAntiSpamCheck();
  const antiSpamError = groupError('org-altcha', () => undefined, { role: 'alert' });
  const setAntiSpamError = antiSpamError.setError;
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t.submit);
  // What the form is doing while the button is disabled, for those who cannot see the button change.
  const controls = formController({ submit, fields: { email }, announce: true, busyOn: () => form });
  const errors = controls.message;
  /** First the proof of work finishes (if it has not yet), then the request goes: each says so. */
  const busy = (phase: 'checking' | 'sending' | null): void =>
    controls.setBusy(phase === 'checking' ? strings.form.checking : phase === 'sending' ? t.sending : null);
  const form = h(
    'form',
    { class: 'org-form', novalidate: true, 'aria-labelledby': 'org-signin-heading' },
    email.el,
    h('div', { class: 'field anti-spam' }, antiSpam.el, h('p', { class: 'hint' }, strings.form.antiSpamHint), antiSpamError.el),
    errors.el,
    h('div', { class: 'actions' }, submit),
    controls.status.el,
  );
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

  controls.onSubmit(form, () => send());

  const send = async (): Promise<void> => {
    errors.show();
    setAntiSpamError(undefined);
    const address = email.control.value.trim();
    const problem = addressProblem(address);
    const wrong = problem === undefined ? undefined : strings.validation[problem];
    if (wrong) {
      controls.showErrors({ email: wrong });
      return;
    }
    busy('checking');
    const altcha = await antiSpam.solve();
    if (controller.signal.aborted) return;
    if (!altcha) {
      busy(null);
      setAntiSpamError(strings.form.antiSpamFailed);
      submit.focus();
      return;
    }
    busy('sending');
    const res = await postJson('/api/auth/link', signInBody(address, altcha), controller.signal);
    if (res.kind === 'aborted') return;
    busy(null);
    if (res.kind === 'response' && res.ok) {
      showSent(address);
      return;
    }
    // Each solution is accepted once, and the server may have spent this one before refusing the
    // rest: start on a fresh one now, so it is ready when the person sends again.
    antiSpam.renew();
    if (res.kind === 'response' && res.status === 400) {
      const mapped = mapErrorBody(res.body);
      setAntiSpamError(mapped.altcha);
      if (mapped.fields.email) {
        controls.showErrors({ email: mapped.fields.email });
        return;
      }
      if (!mapped.altcha) errors.show(mapped.message ?? strings.validation.email);
    } else if (res.kind === 'network') errors.show(strings.linkErrors.network);
    else if (res.kind === 'timeout') errors.show(strings.linkErrors.timeout);
    else if (res.kind === 'response' && (res.status === 429 || res.status === 503)) errors.show(strings.linkErrors.busy);
    else errors.show(strings.linkErrors.error);
    submit.focus();
  };

  const showSent = (address: string): void =>
    showCheckEmail({
      into: panel,
      hide: [form],
      title: t.sentTitle,
      sentTo: t.sentText,
      email: address,
      items: [t.sentExpires, t.sentSpam, t.sentLimit],
      back: t.another,
      onBack: () => {
        // The solution sent was used: the next address needs a new one.
        antiSpam.renew();
        email.control.focus();
        (email.control as HTMLInputElement).select();
      },
    });

  return () => controller.abort();
}

/**
 * The page a sign-in link opens: it says what the link does and waits for the button. Nothing is sent
 * until it is pressed, so opening the link (a person, a preview, a mail scanner) spends nothing.
 */
export function renderSession(root: HTMLElement, token: string, ctx: ViewContext): Cleanup {
  const controller = new AbortController();

  const ask = (): void => {
    const heading = h('h1', { tabindex: -1 }, t.linkTitle);
    const button = h('button', { type: 'button', class: 'button button-primary' }, t.linkAction);
    const busy = busyButton(button, t.checking);
    const status = h('p', { class: 'form-status', role: 'status' });
    button.addEventListener('click', () => {
      if (button.disabled) return;
      busy.start();
      status.textContent = t.checking;
      void signIn();
    });
    replaceChildren(root, h('section', { class: 'org-signin link-result' }, heading, h('p', { class: 'lede' }, t.linkText), h('div', { class: 'actions' }, button), status));
    ctx.ready(heading, t.linkTitle);
  };

  const signIn = async (): Promise<void> => {
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
      // The link was not used (or the server could not say): pressing again is safe.
      const retry = h('button', { type: 'button', class: 'button button-primary' }, strings.retry);
      retry.addEventListener('click', () => {
        retry.disabled = true;
        void signIn();
      });
      const reason = outcome === 'network' ? strings.linkErrors.network : outcome === 'busy' ? strings.linkErrors.busy : strings.linkErrors.error;
      body = [h('p', {}, reason), h('div', { class: 'button-row' }, retry, newLink)];
    }
    replaceChildren(root, h('section', { class: 'link-result link-error' }, heading, ...body));
    ctx.ready(heading, heading.textContent ?? undefined);
    heading.focus({ preventScroll: true });
  };

  ask();
  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
  };
}
