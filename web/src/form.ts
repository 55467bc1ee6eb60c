/** The sign form: client-side checks, POST, field-level errors from the server, thank-you state. */
import { postJson } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { formatNumber, locale } from './format.ts';
import {
  buildSignPayload,
  classifySignStatus,
  countryOptions,
  fill,
  firstInvalidField,
  LIMITS,
  mapErrorBody,
  petitionApiPath,
  SIGN_FIELDS,
  validateSignInput,
  type FieldErrors,
  type Petition,
  type SignField,
  type SignInput,
} from './logic.ts';
import { strings } from './strings.ts';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Field {
  control: Control;
  error: HTMLElement;
  hintId?: string;
}

export function renderSignForm(
  petition: Petition,
  pageSignal: AbortSignal,
): { el: HTMLElement; cleanup: () => void; focusFirstField(): void } {
  const headingId = 'sign-heading';
  const heading = h('h2', { id: headingId }, strings.form.heading[petition.kind]);
  const fields = {} as Record<SignField, Field>;

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

  const country = h('select', { required: true, autocomplete: 'country' }, h('option', { value: '' }, strings.form.countryPlaceholder));
  for (const c of countryOptions(locale)) country.appendChild(h('option', { value: c.code }, c.name));
  country.value = '';

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, strings.form.submit[petition.kind]);
  const general = h('div', { class: 'form-message', role: 'alert' });

  const form = h(
    'form',
    { class: 'sign-form', novalidate: true, 'aria-labelledby': headingId },
    makeField('name', strings.form.name, h('input', { type: 'text', required: true, maxlength: LIMITS.name, autocomplete: 'name' })),
    makeField(
      'email',
      strings.form.email,
      h('input', { type: 'email', required: true, maxlength: LIMITS.email, autocomplete: 'email', inputmode: 'email', spellcheck: 'false' }),
    ),
    makeField('country', strings.form.country, country),
    makeField(
      'comment',
      strings.form.comment,
      h('textarea', { maxlength: LIMITS.comment, rows: 4 }),
      fill(strings.form.commentHint, { max: formatNumber(LIMITS.comment) }),
    ),
    general,
    h('div', { class: 'actions' }, submit),
  );
  const section = h('section', { class: 'sign', id: 'sign' }, heading, form);

  const setFieldError = (name: SignField, message: string | undefined): void => {
    const f = fields[name];
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
  const setGeneral = (...messages: string[]): void => {
    replaceChildren(general, ...messages.map((m) => h('p', {}, m)));
    general.classList.toggle('has-message', messages.length > 0);
  };

  // Editing a field clears its error; the next submit checks again.
  for (const name of SIGN_FIELDS) {
    const control = fields[name].control;
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

  const setSending = (on: boolean): void => {
    sending = on;
    submit.disabled = on;
    submit.textContent = on ? strings.form.sending : strings.form.submit[petition.kind];
    form.setAttribute('aria-busy', String(on));
  };

  const readInput = (): SignInput => ({
    name: fields.name.control.value,
    email: fields.email.control.value,
    country: fields.country.control.value,
    comment: fields.comment.control.value,
  });

  const focusFirstInvalid = (errors: FieldErrors): boolean => {
    const first = firstInvalidField(errors);
    if (!first) return false;
    fields[first].control.focus();
    return true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    void send();
  });

  const send = async (): Promise<void> => {
    setGeneral();
    const input = readInput();
    const clientErrors = validateSignInput(input, strings.validation, formatNumber);
    showFieldErrors(clientErrors);
    if (focusFirstInvalid(clientErrors)) return;

    const submitHadFocus = document.activeElement === submit;
    setSending(true);
    const res = await postJson(petitionApiPath(petition.slug, '/signatures'), buildSignPayload(input), request.signal);
    if (res.kind === 'aborted') return;
    setSending(false);

    if (res.kind === 'network') setGeneral(strings.signErrors.network);
    else if (res.kind === 'timeout') setGeneral(strings.signErrors.timeout);
    else {
      const outcome = classifySignStatus(res.status);
      if (outcome === 'received') {
        const thanks = h('p', { class: 'thanks', role: 'status', tabindex: -1 }, strings.form.thanks);
        replaceChildren(section, thanks);
        section.classList.add('sign-done');
        thanks.focus();
        return;
      }
      if (outcome === 'invalid') {
        const mapped = mapErrorBody(res.body);
        showFieldErrors(mapped.fields);
        const hasFieldErrors = firstInvalidField(mapped.fields) !== undefined;
        const messages = [...mapped.otherFields];
        if (!hasFieldErrors && messages.length === 0) messages.push(mapped.message ?? strings.signErrors.invalid);
        setGeneral(...messages);
        if (focusFirstInvalid(mapped.fields)) return;
      } else {
        setGeneral(strings.signErrors[outcome]);
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
      const target = fields.name.control.isConnected ? fields.name.control : section.querySelector<HTMLElement>('.thanks');
      target?.focus({ preventScroll: true });
    },
  };
}
