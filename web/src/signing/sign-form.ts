/**
 * The sign form: client-side checks, the anti-spam check, POST, field-level errors from the server,
 * and the "check your email" panel (a signature counts only once its email link is clicked).
 */
import { postJson } from '../app/api.ts';
import { createAntiSpamCheck } from './anti-spam.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { formatNumber, locale } from '../app/format.ts';
import { buildSignPayload, classifySignStatus, firstInvalidField, LIMITS, mapErrorBody, SIGN_FIELDS, signFailureMessage, validateSignInput, type FieldErrors, type SignField, type SignInput } from './sign-rules.ts';
import { countryOptions } from '../app/countries.ts';
import { fill } from '../app/text.ts';
import { campaignApiPath, PRIVACY_HASH } from '../app/routes.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { strings } from '../app/strings.ts';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Field {
  control: Control;
  error: HTMLElement;
  hintId?: string;
}

/** What the embeddable widget (embed/embed.ts) changes: where signatures come from, and where links lead. */
export interface SignFormOptions {
  /** The embedding site and tag, sent with the signature (counted per source on the dashboard). */
  source?: { host: string; tag?: string } | undefined;
  /** The privacy page's address when it is not this page's `#/privacy` (in the widget: the main site's). */
  privacyHref?: string;
}

export function renderSignForm(
  petition: PublicCampaign,
  pageSignal: AbortSignal,
  options: SignFormOptions = {},
): { el: HTMLElement; cleanup: () => void; focusFirstField(): void } {
  const headingId = 'sign-heading';
  const heading = h('h2', { id: headingId }, strings.form.heading[petition.kind]);
  // Country and comment are left out when the campaign does not ask for them.
  const fields: Partial<Record<SignField, Field>> = {};
  const signerFields = petition.signerFields;

  const makeField = (name: SignField, label: string, control: Control, hint?: string): HTMLElement => {
    const id = `sign-${name}`;
    control.id = id;
    control.name = name;
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const hintId = hint ? `${id}-hint` : undefined;
    fields[name] = hintId ? { control, error, hintId } : { control, error };
    if (hintId) control.setAttribute('aria-describedby', hintId);
    const required = control.required;
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label, required ? null : h('span', { class: 'optional' }, ` ${strings.form.optional}`)),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      control,
      error,
    );
  };

  const country = h(
    'select',
    { required: signerFields.country === 'required', autocomplete: 'country' },
    h('option', { value: '' }, strings.form.countryPlaceholder),
  );
  for (const c of countryOptions(locale)) country.appendChild(h('option', { value: c.code }, c.name));
  country.value = '';

  // Offered only where the campaign shows a public list; unticked unless the person chooses.
  const showName = petition.publicSigners ? h('input', { type: 'checkbox', id: 'sign-showName', name: 'showName' }) : null;
  const honeypot = honeypotField();
  const antiSpam = createAntiSpamCheck();
  const antiSpamError = h('p', { class: 'field-error', id: 'sign-altcha-error', role: 'alert', hidden: true });

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, strings.form.submit[petition.kind]);
  const general = h('div', { class: 'form-message', role: 'alert' });
  // What the form is doing while the button is disabled, for those who cannot see the button change.
  const status = h('p', { class: 'form-status', role: 'status' });

  const form = h(
    'form',
    { class: 'sign-form', novalidate: true, 'aria-labelledby': headingId },
    makeField('name', strings.form.name, h('input', { type: 'text', required: true, maxlength: LIMITS.name, autocomplete: 'name' })),
    makeField(
      'email',
      strings.form.email,
      h('input', { type: 'email', required: true, maxlength: LIMITS.email, autocomplete: 'email', inputmode: 'email', spellcheck: 'false' }),
    ),
    signerFields.country === 'off' ? null : makeField('country', strings.form.country, country),
    signerFields.comment === 'off'
      ? null
      : makeField(
          'comment',
          strings.form.comment,
          h('textarea', { maxlength: LIMITS.comment, rows: 4 }),
          fill(strings.form.commentHint, { max: formatNumber(LIMITS.comment) }),
        ),
    showName
      ? h(
          'div',
          { class: 'field field-check' },
          showName,
          h('label', { for: showName.id }, strings.form.showName),
          h('p', { class: 'hint', id: 'sign-showName-hint' }, strings.form.showNameHint),
        )
      : null,
    honeypot.el,
    h('div', { class: 'field anti-spam' }, antiSpam.el, h('p', { class: 'hint' }, strings.form.antiSpamHint), antiSpamError),
    general,
    h('div', { class: 'actions' }, submit),
    status,
  );
  showName?.setAttribute('aria-describedby', 'sign-showName-hint');
  const intro = privacyNote(options.privacyHref ?? PRIVACY_HASH);
  const section = h('section', { class: 'sign', id: 'sign' }, heading, intro, form);

  const setFieldError = (name: SignField, message: string | undefined): void => {
    const f = fields[name];
    if (!f) return;
    const describedBy = [f.hintId, message ? f.error.id : undefined].filter(Boolean).join(' ');
    if (describedBy) f.control.setAttribute('aria-describedby', describedBy);
    else f.control.removeAttribute('aria-describedby');
    if (message) {
      f.control.setAttribute('aria-invalid', 'true');
      f.error.textContent = message;
      f.error.hidden = false;
    } else {
      f.control.removeAttribute('aria-invalid');
      f.error.textContent = '';
      f.error.hidden = true;
    }
  };
  const showFieldErrors = (errors: FieldErrors): void => {
    for (const name of SIGN_FIELDS) setFieldError(name, errors[name]);
  };
  const setAntiSpamError = (message: string | undefined): void => {
    antiSpamError.textContent = message ?? '';
    antiSpamError.hidden = !message;
  };
  const setGeneral = (...messages: string[]): void => {
    replaceChildren(general, ...messages.map((m) => h('p', {}, m)));
    general.classList.toggle('has-message', messages.length > 0);
  };

  // Editing a field clears its error; the next submit checks again.
  for (const name of SIGN_FIELDS) {
    const control = fields[name]?.control;
    if (!control) continue;
    const clear = (): void => {
      if (control.getAttribute('aria-invalid') === 'true') setFieldError(name, undefined);
    };
    control.addEventListener('input', clear);
    control.addEventListener('change', clear);
  }

  let sending = false;
  const request = new AbortController();
  const onPageAbort = (): void => request.abort();
  pageSignal.addEventListener('abort', onPageAbort, { once: true });

  const setBusy = (phase: 'checking' | 'sending' | null): void => {
    sending = phase !== null;
    submit.disabled = sending;
    submit.textContent = phase === 'checking' ? strings.form.checking : phase === 'sending' ? strings.form.sending : strings.form.submit[petition.kind];
    status.textContent = phase === 'checking' ? strings.form.checking : phase === 'sending' ? strings.form.sending : '';
    form.setAttribute('aria-busy', String(sending));
  };

  const readInput = (): SignInput => {
    const input: SignInput = {
      name: fields.name?.control.value ?? '',
      email: fields.email?.control.value ?? '',
      country: fields.country?.control.value ?? '',
      comment: fields.comment?.control.value ?? '',
      website: honeypot.input.value,
    };
    if (showName) input.showName = showName.checked;
    return input;
  };

  const focusFirstInvalid = (errors: FieldErrors): boolean => {
    const first = firstInvalidField(errors);
    if (!first) return false;
    fields[first]?.control.focus();
    return true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    void send();
  });

  const send = async (): Promise<void> => {
    setGeneral();
    setAntiSpamError(undefined);
    const input = readInput();
    const clientErrors = validateSignInput(input, strings.validation, formatNumber, signerFields);
    showFieldErrors(clientErrors);
    if (focusFirstInvalid(clientErrors)) return;

    const submitHadFocus = document.activeElement === submit;
    setBusy('checking');
    const pow = await antiSpam.solve();
    if (request.signal.aborted) return;
    if (!pow) {
      setBusy(null);
      setAntiSpamError(strings.form.antiSpamFailed);
      if (submitHadFocus) submit.focus();
      return;
    }

    setBusy('sending');
    const res = await postJson(campaignApiPath(petition.slug, '/signatures'), { ...buildSignPayload(input, pow, petition.version), ...(options.source ? { source: options.source } : {}) }, request.signal);
    if (res.kind === 'aborted') return;
    setBusy(null);

    if (res.kind === 'response' && classifySignStatus(res.status) === 'received') {
      showCheckEmail(section, [heading, intro, form], input.email.trim(), () => {
        // Back to the form as it was, to correct the address; the old solution has been used.
        antiSpam.renew();
        const email = fields.email?.control as HTMLInputElement | undefined;
        email?.focus();
        email?.select();
      });
      return;
    }
    // A solution is accepted once, and the server may have used this one before refusing the rest:
    // start on a fresh challenge now, so it is ready when the person sends again.
    antiSpam.renew();

    if (res.kind === 'network') setGeneral(strings.signErrors.network);
    else if (res.kind === 'timeout') setGeneral(strings.signErrors.timeout);
    else {
      const outcome = classifySignStatus(res.status);
      const mapped = mapErrorBody(res.body);
      if (outcome === 'invalid') {
        showFieldErrors(mapped.fields);
        setAntiSpamError(mapped.altcha);
        const hasFieldErrors = firstInvalidField(mapped.fields) !== undefined || mapped.altcha !== undefined;
        const messages = [...mapped.otherFields];
        if (!hasFieldErrors && messages.length === 0) messages.push(mapped.message ?? strings.signErrors.invalid);
        setGeneral(...messages);
        if (focusFirstInvalid(mapped.fields)) return;
      } else if (mapped.code === 'text_changed') {
        // The organisers edited the text while this person read it: show them the new one to read.
        setGeneral(strings.signErrors.textChanged);
        const reread = h('button', { type: 'button', class: 'button button-secondary' }, strings.signErrors.showNewText);
        reread.addEventListener('click', () => location.reload());
        general.append(reread);
      } else if (outcome !== 'received') {
        setGeneral(signFailureMessage(outcome, mapped, strings.signErrors));
      }
    }
    if (submitHadFocus) submit.focus();
  };

  return {
    el: section,
    cleanup: () => {
      pageSignal.removeEventListener('abort', onPageAbort);
      request.abort();
    },
    focusFirstField: () => {
      section.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'start' });
      const target = form.hidden ? section.querySelector<HTMLElement>('.check-email h2') : fields.name?.control;
      target?.focus({ preventScroll: true });
    },
  };
}

/**
 * The honeypot: a field people never see or reach (off-screen rather than display:none, which many
 * bots skip; out of the tab order and hidden from assistive technology), so only a program that
 * fills in every field puts something in it.
 */
function honeypotField(): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'text', id: 'sign-website', name: 'website', tabindex: -1, autocomplete: 'off' });
  const el = h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: input.id }, strings.form.honeypot), input);
  return { el, input };
}

/** "How we protect your data", opening in a new tab so nothing typed into the form is lost. */
function privacyNote(href: string): HTMLElement {
  return h(
    'p',
    { class: 'form-privacy' },
    h('a', { href, target: '_blank', rel: 'noopener' }, strings.privacyLink, h('span', { class: 'visually-hidden' }, ` ${strings.opensInNewTab}`)),
  );
}

/**
 * Shows what happens next (the email link) in place of the form, and moves focus to it. The form is
 * hidden, not removed, so "use a different email address" brings it back as it was, the anti-spam
 * widget still mounted.
 */
function showCheckEmail(section: HTMLElement, formParts: HTMLElement[], email: string, onBack: () => void): void {
  const t = strings.checkEmail;
  const [before = '', after = ''] = t.sentTo.split('{email}');
  const title = h('h2', { tabindex: -1 }, t.title);
  const back = h('button', { type: 'button', class: 'button button-secondary' }, t.useAnotherAddress);
  const panel = h(
    'div',
    { class: 'check-email' },
    title,
    h('p', {}, before, h('strong', { class: 'email' }, email), after),
    h('p', { class: 'check-email-counts' }, t.counts),
    h('ul', {}, h('li', {}, t.expires), h('li', {}, t.spam), h('li', {}, t.wrongAddress)),
    back,
  );
  for (const part of formParts) part.hidden = true;
  section.append(panel);
  section.classList.add('sign-done');
  title.focus();

  back.addEventListener('click', () => {
    panel.remove();
    section.classList.remove('sign-done');
    for (const part of formParts) part.hidden = false;
    onBack();
  });
}
