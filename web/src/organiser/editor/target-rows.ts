/**
 * The editor's addressees: repeatable rows of name, office and email, drawn from a list (lit-html,
 * keyed by row, so a row's fields keep what is typed when another is removed). Error keys follow a
 * row's position, as the API's do (`targets.1.email`), so they are registered again on each change.
 */
import { html, render } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import { h } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { field, groupError, type ErrorTarget, type FormField } from '../../ui/field.ts';
import { CAMPAIGN_LIMITS, type CampaignForm } from './editor-rules.ts';
import { live, strings } from '../../app/strings.ts';

const t = live(() => strings.org.editor);

type Target = CampaignForm['targets'][number];

interface Row {
  id: string;
  name: FormField;
  office: FormField;
  email: FormField;
}

let rowIds = 0;

export interface TargetRows {
  el: HTMLElement;
  values(): Target[];
  count(): number;
}

/** `fields` is the form controller's map: the rows' keys are replaced there on every change. */
export function targetRows(initial: readonly Target[], fields: Map<string, ErrorTarget>): TargetRows {
  const rows: Row[] = [];
  const rowsEl = h('div', { class: 'target-rows' });
  const addTarget = h('button', { type: 'button', class: 'button button-secondary' }, t.addTarget);
  const said = h('p', { class: 'visually-hidden', role: 'status' });
  const error = groupError('campaign-targets', () => (rows[0]?.name.control ?? addTarget).focus());
  fields.set('targets', error);

  const draw = (): void => {
    render(
      html`${repeat(
        rows,
        (row) => row.id,
        (row, i) =>
          html`<fieldset class="target-row"><legend>${fill(t.target, { n: i + 1 })}</legend>${row.name.el}${row.office.el}${row.email.el}<button type="button" class="button button-secondary button-small" ?hidden=${rows.length === 1} @click=${() => removeRow(row)}>${fill(t.removeTarget, { n: i + 1 })}</button></fieldset>`,
      )}`,
      rowsEl,
    );
    addTarget.hidden = rows.length >= CAMPAIGN_LIMITS.targetsMax;
    for (const key of [...fields.keys()]) if (/^targets\.\d+\./.test(key)) fields.delete(key);
    rows.forEach((row, i) => {
      fields.set(`targets.${i}.name`, row.name);
      fields.set(`targets.${i}.office`, row.office);
      fields.set(`targets.${i}.email`, row.email);
    });
  };
  const addRow = (value: Target): Row => {
    const id = `target-${++rowIds}`;
    const row: Row = {
      id,
      name: field(`${id}-name`, t.targetName, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.targetName })),
      office: field(`${id}-office`, t.targetOffice, h('input', { type: 'text', maxlength: CAMPAIGN_LIMITS.targetOffice }), { optional: t.optional }),
      email: field(`${id}-email`, t.targetEmail, h('input', { type: 'email', maxlength: CAMPAIGN_LIMITS.email, autocomplete: 'off', spellcheck: 'false' }), { optional: t.optional }),
    };
    row.name.control.value = value.name;
    row.office.control.value = value.office;
    row.email.control.value = value.email;
    rows.push(row);
    return row;
  };
  const removeRow = (row: Row): void => {
    const index = rows.indexOf(row);
    rows.splice(index, 1);
    draw();
    said.textContent = t.targetRemoved;
    (rows[Math.max(0, index - 1)]?.name.control ?? addTarget).focus();
  };

  for (const target of initial.length > 0 ? initial : [{ name: '', office: '', email: '' }]) addRow(target);
  draw();
  addTarget.addEventListener('click', () => {
    const row = addRow({ name: '', office: '', email: '' });
    draw();
    said.textContent = fill(t.targetAdded, { n: rows.length });
    row.name.control.focus();
  });

  const el = h('fieldset', { class: 'field fieldset' }, h('legend', {}, t.targets), h('p', { class: 'hint' }, t.targetsHint), rowsEl, error.el, addTarget, said);
  return {
    el,
    values: () => rows.map((r) => ({ name: r.name.control.value, office: r.office.control.value, email: r.email.control.value })),
    count: () => rows.length,
  };
}
