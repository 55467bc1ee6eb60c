/**
 * The small form both owner pages end with (invite a member, make a token): a heading, its fields,
 * the page's own check, then one request whose field errors land on the fields. Built on the form
 * controller, so the two forms differ only in what they ask and what they do with the answer.
 */
import { h } from '../../app/dom.ts';
import type { ApiResult } from '../../app/api.ts';
import type { FormField } from '../../ui/field.ts';
import { formController } from '../../ui/form.ts';
import { runAction } from '../shell/common.ts';
import { strings } from '../../app/strings.ts';

export interface AdminFormOptions<T> {
  headingId: string;
  title: string;
  submitLabel: string;
  fields: Record<string, FormField>;
  /** The page's own check: an error by field key, none when the form may be sent. */
  check(): Record<string, string>;
  send(): Promise<ApiResult>;
  parse(body: unknown): T | null;
  done(value: T): void;
}

export function adminForm<T>(opts: AdminFormOptions<T>): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, opts.submitLabel);
  const controls = formController({ submit, fields: opts.fields });
  const form = h(
    'form',
    { class: 'org-form org-section', novalidate: true, 'aria-labelledby': opts.headingId },
    h('h2', { id: opts.headingId }, opts.title),
    ...Object.values(opts.fields).map((f) => f.el),
    controls.message.el,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (controls.busy) return;
    void (async () => {
      controls.message.show();
      const wrong = opts.check();
      if (Object.keys(wrong).length > 0) {
        // Only the wrong fields change: a field not named keeps what it showed.
        for (const [key, message] of Object.entries(wrong)) opts.fields[key]?.setError(message);
        controls.focusFirst(wrong);
        return;
      }
      const outcome = await runAction(controls.busyAs(strings.org.working), controls.message, opts.send, opts.parse, opts.fields);
      if (!outcome) return;
      if (outcome.ok) opts.done(outcome.value);
      else if (!outcome.onFields) submit.focus();
    })();
  });
  return form;
}
