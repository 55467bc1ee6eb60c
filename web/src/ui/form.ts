/**
 * The one form controller: the fields by the key the validator and the API use, the submit button
 * and its busy state, the message box (role=alert) and the live status line. `showErrors` puts each
 * message next to its field (clearing the others), the rest in the box, and focuses the first field
 * to correct, whether the errors came from the page's validator or from the server's field-level
 * error body (mapped to these keys by the caller). Plain DOM, shared by the public and organiser pages.
 */
import { h, replaceChildren } from '../app/dom.ts';
import type { ErrorTarget } from './field.ts';
import type { Busy } from './busy-button.ts';

/** The error box of a form (role=alert): several messages, or none. */
export interface MessageBox {
  el: HTMLElement;
  show(...messages: string[]): void;
}

export function messageBox(): MessageBox {
  const el = h('div', { class: 'form-message', role: 'alert' });
  return {
    el,
    show(...messages: string[]) {
      replaceChildren(el, ...messages.map((m) => h('p', {}, m)));
      el.classList.toggle('has-message', messages.length > 0);
    },
  };
}

/** A polite live region: `set` for what the form is doing now, `say` for a result ("Saved.", "Copied."). */
export interface LiveStatus {
  el: HTMLElement;
  set(message: string): void;
  say(message: string): void;
}

export function liveStatus(className = 'form-status'): LiveStatus {
  const el = h('p', { class: className, role: 'status' });
  return {
    el,
    set(message: string) {
      el.textContent = message;
    },
    say(message: string) {
      // Clearing first makes a repeated message ("Copied." twice) be announced again.
      el.textContent = '';
      if (message) setTimeout(() => (el.textContent = message), 50);
    },
  };
}

export interface FormController {
  /** Where each error key is shown and what it focuses; keys may come and go (repeatable rows). */
  fields: Map<string, ErrorTarget>;
  submit: HTMLButtonElement;
  message: MessageBox;
  status: LiveStatus;
  /** Busy while a request runs (`label` on the button, and in the status line if `announce`); null ends it. */
  setBusy(label: string | null): void;
  readonly busy: boolean;
  /** The busy state as a start/stop pair, for runAction and the like. */
  busyAs(label: string): Busy;
  /**
   * Shows `errors` on their fields (clearing every other field), `other` in the message box after
   * `intro` (said only when some field is wrong), and focuses the first wrong field in `order`
   * (default: the fields' order). True when anything was shown.
   */
  showErrors(errors: Partial<Record<string, string>>, other?: readonly string[], intro?: string): boolean;
  /** Focuses the first field of `order` that has an error; false when none has. */
  focusFirst(errors: Partial<Record<string, string>>): boolean;
  /** Sends the form with `send` (never the browser's own submit), and not again while busy. */
  onSubmit(form: HTMLFormElement, send: () => unknown): void;
}

export interface FormOptions {
  submit: HTMLButtonElement;
  fields?: Record<string, ErrorTarget | undefined>;
  /** The order in which errors are corrected; by default, the order the fields were given in. */
  order?: () => readonly string[];
  /** Say the busy label in the status line too (for those who cannot see the button change). */
  announce?: boolean;
  /** The element (the form, usually made after its controller) marked aria-busy="true"/"false" while busy. */
  busyOn?: () => HTMLElement;
}

export function formController(opts: FormOptions): FormController {
  const { submit } = opts;
  const fields = new Map<string, ErrorTarget>();
  for (const [key, target] of Object.entries(opts.fields ?? {})) if (target) fields.set(key, target);
  const message = messageBox();
  const status = liveStatus();
  const idleLabel = submit.textContent ?? '';
  let busy = false;
  const firstKey = (errors: Partial<Record<string, string>>): string | undefined => {
    const order = opts.order?.() ?? [...fields.keys()];
    return order.find((k) => errors[k] !== undefined) ?? Object.keys(errors).find((k) => errors[k] !== undefined);
  };
  const focusFirst = (errors: Partial<Record<string, string>>): boolean => {
    const first = firstKey(errors);
    if (first === undefined) return false;
    fields.get(first)?.focus();
    return true;
  };
  const setBusy = (label: string | null): void => {
    busy = label !== null;
    submit.disabled = busy;
    submit.textContent = label ?? idleLabel;
    if (busy) submit.setAttribute('aria-busy', 'true');
    else submit.removeAttribute('aria-busy');
    if (opts.announce) status.set(label ?? '');
    opts.busyOn?.().setAttribute('aria-busy', String(busy));
  };
  return {
    fields,
    submit,
    message,
    status,
    get busy() {
      return busy;
    },
    setBusy,
    busyAs(label) {
      return { start: () => setBusy(label), stop: () => setBusy(null) };
    },
    showErrors(errors, other = [], intro) {
      for (const [key, target] of fields) target.setError(errors[key]);
      const onFields = firstKey(errors) !== undefined;
      message.show(...(onFields && intro ? [intro] : []), ...other);
      focusFirst(errors);
      return onFields || other.length > 0;
    },
    focusFirst,
    onSubmit(form, send) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!busy) void send();
      });
    },
  };
}
