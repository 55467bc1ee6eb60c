/**
 * A small organiser form that does one thing (invite a member, make a token, record the delivery):
 * a heading, its fields, the page's own check, then one request whose field errors land on the
 * fields. Built on the form controller, so the forms differ only in what they ask and what they do
 * with the answer.
 */
import { h } from '../../app/dom.ts';
import type { ApiResult } from '../../app/api.ts';
import type { FormField } from '../../ui/field.ts';
import { formController } from '../../ui/form.ts';
import { runAction } from './common.ts';
import { strings } from '../../app/strings.ts';

export interface ActionFormOptions<T> {
  /** The form's heading, and the form's own attributes (class, id, its accessible name). */
  heading: HTMLElement;
  attrs: Record<string, string | boolean>;
  submitLabel: string;
  /** The button's words while the request runs (default: "Working…"). */
  busyLabel?: string;
  fields: Record<string, FormField>;
  /** The page's own check: an error by field key, none when the form may be sent. */
  check(): Record<string, string>;
  send(): Promise<ApiResult>;
  parse(body: unknown): T | null;
  done(value: T): void;
}

export function actionForm<T>(opts: ActionFormOptions<T>): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, opts.submitLabel);
  const controls = formController({ submit, fields: opts.fields });
  const form = h(
    'form',
    { novalidate: true, ...opts.attrs },
    opts.heading,
    ...Object.values(opts.fields).map((f) => f.el),
    controls.message.el,
    h('div', { class: 'actions' }, submit),
  );
  controls.onSubmit(form, async () => {
    controls.message.show();
    const wrong = opts.check();
    if (Object.keys(wrong).length > 0) {
      // Only the wrong fields change: a field not named keeps what it showed.
      for (const [key, message] of Object.entries(wrong)) opts.fields[key]?.setError(message);
      controls.focusFirst(wrong);
      return;
    }
    const outcome = await runAction(controls.busyAs(opts.busyLabel ?? strings.org.working), controls.message, opts.send, opts.parse, opts.fields);
    if (!outcome) return;
    if (outcome.ok) opts.done(outcome.value);
    else if (!outcome.onFields) submit.focus();
  });
  return form;
}
