/**
 * The sign form's fields, from the one field builder: name and email always; country and comment as
 * the campaign asks (left out when off); "show my name" only where the campaign shows a public list.
 */
import { h } from '../app/dom.ts';
import { formatNumber, locale } from '../app/format.ts';
import { countryOptions } from '../app/countries.ts';
import { fill } from '../app/text.ts';
import { field, type Control, type FormField } from '../ui/field.ts';
import { LIMITS, type SignField } from './sign-rules.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { strings } from '../app/strings.ts';

export interface SignFields {
  /** By the API's key, in the order they are corrected. */
  fields: Partial<Record<SignField, FormField>>;
  /** Unticked unless the person chooses; none where the campaign shows no public list. */
  showName: FormField | null;
  /** The fields' elements, in the form's order. */
  els: HTMLElement[];
}

export function signFields(campaign: Pick<PublicCampaign, 'signerFields' | 'publicSigners'>): SignFields {
  const fields: SignFields['fields'] = {};
  const add = (name: SignField, label: string, control: Control, hint?: string): void => {
    fields[name] = field(`sign-${name}`, label, control, { name, hint, optional: control.required ? undefined : strings.form.optional });
  };
  add('name', strings.form.name, h('input', { type: 'text', required: true, maxlength: LIMITS.name, autocomplete: 'name' }));
  add('email', strings.form.email, h('input', { type: 'email', required: true, maxlength: LIMITS.email, autocomplete: 'email', inputmode: 'email', spellcheck: 'false' }));
  if (campaign.signerFields.country !== 'off') add('country', strings.form.country, countrySelect(campaign.signerFields.country === 'required'));
  if (campaign.signerFields.comment !== 'off') {
    add('comment', strings.form.comment, h('textarea', { maxlength: LIMITS.comment, rows: 4 }), fill(strings.form.commentHint, { max: formatNumber(LIMITS.comment) }));
  }
  const showName = campaign.publicSigners
    ? field('sign-showName', strings.form.showName, h('input', { type: 'checkbox' }), { name: 'showName', hint: strings.form.showNameHint, check: true })
    : null;
  const els = [...Object.values(fields), ...(showName ? [showName] : [])].map((f) => f.el);
  return { fields, showName, els };
}

function countrySelect(required: boolean): HTMLSelectElement {
  const country = h('select', { required, autocomplete: 'country' }, h('option', { value: '' }, strings.form.countryPlaceholder));
  for (const c of countryOptions(locale)) country.appendChild(h('option', { value: c.code }, c.name));
  country.value = '';
  return country;
}
