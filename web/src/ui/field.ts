/**
 * The one field builder of every form (the sign form, sign-in, the editor, members, tokens,
 * translations, co-sign, exports, delivery): a label, an optional marker, a hint, the control and an
 * error line, tied together with `aria-describedby` and `aria-invalid`. Plain DOM (no template
 * library), so the public sign page stays as light as it is; lit-html templates take `field.el` as is.
 */
import { h } from '../app/dom.ts';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Something a form can put an error on and focus: a field, or a group of controls (a fieldset). */
export interface ErrorTarget {
  setError(message: string | undefined): void;
  focus(): void;
}

export interface FormField extends ErrorTarget {
  el: HTMLElement;
  control: Control;
}

export interface FieldOptions {
  hint?: string | undefined;
  /** The "(optional)" marker's words, shown after the label; none when absent. */
  optional?: string | undefined;
  /** A checkbox: the control before its label. */
  check?: boolean;
  /** The control's `name` (the sign form's controls have one; the organiser's need none). */
  name?: string;
}

/** A labelled control with its hint and its error line, linked with aria-describedby. */
export function field(id: string, label: string, control: Control, opts: FieldOptions = {}): FormField {
  control.id = id;
  if (opts.name) control.name = opts.name;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintId = opts.hint ? `${id}-hint` : undefined;
  const describe = (withError: boolean): void => {
    const ids = [hintId, withError ? error.id : undefined].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
  };
  describe(false);
  const labelEl = h('label', { for: id }, label, opts.optional ? h('span', { class: 'optional' }, ` ${opts.optional}`) : null);
  const hint = opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null;
  const el = opts.check
    ? h('div', { class: 'field field-check' }, control, labelEl, hint, error)
    : h('div', { class: 'field' }, labelEl, hint, control, error);
  const setError = (message: string | undefined): void => {
    describe(Boolean(message));
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    showLine(error, message);
  };
  // Editing a field clears its error; the next submit checks again.
  const clear = (): void => {
    if (control.getAttribute('aria-invalid') === 'true') setError(undefined);
  };
  control.addEventListener('input', clear);
  control.addEventListener('change', clear);
  return { el, control, setError, focus: () => control.focus() };
}

/**
 * The error line of a group of controls (a fieldset of radios, a list of rows): `focus` says which
 * control takes focus when the group is the first thing to correct.
 */
export function groupError(id: string, focus: () => void, attrs: Record<string, string> = {}): ErrorTarget & { el: HTMLElement } {
  const el = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, ...attrs });
  return { el, setError: (message) => showLine(el, message), focus };
}

function showLine(el: HTMLElement, message: string | undefined): void {
  el.textContent = message ?? '';
  el.hidden = !message;
}
