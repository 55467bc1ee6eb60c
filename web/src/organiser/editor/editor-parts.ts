/**
 * The campaign editor's fields, one named builder each, all made with the one field builder and
 * registered with the form controller under the API's error keys (`kind`, `slug`,
 * `signerFields.country`, …). editor.ts puts them in order, reads them and sends.
 */
import { h } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { campaignPath } from '../../app/routes.ts';
import { field, groupError, type ErrorTarget, type FormField } from '../../ui/field.ts';
import { select } from '../../ui/select.ts';
import { CAMPAIGN_LIMITS, languageChoice, suggestSlug, type CampaignForm } from './editor-rules.ts';
import type { Campaign } from '../shell/campaign-data.ts';
import { CAMPAIGN_KINDS, SIGNER_COMMENT_CHOICES, SIGNER_COUNTRY_CHOICES } from '../../../../functions/rules/limits.ts';
import { LANGUAGES, live, strings, type Language } from '../../app/strings.ts';

const t = live(() => strings.org.editor);

type Fields = Map<string, ErrorTarget>;

/** The campaign's kind, a petition or a letter (the server's CAMPAIGN_KINDS): chosen once, when the campaign is made. */
export function kindChoice(initial: CampaignForm['kind'], fields: Fields): { el: HTMLElement; value(): CampaignForm['kind'] } {
  const radios = CAMPAIGN_KINDS.map((kind) => {
    const radio = h('input', { type: 'radio', name: 'kind', value: kind, id: `campaign-kind-${kind}`, 'aria-describedby': `campaign-kind-${kind}-hint` });
    radio.checked = initial === kind;
    return radio;
  });
  const error = groupError('campaign-kind', () => (radios.find((r) => r.checked) ?? radios[0])?.focus());
  fields.set('kind', error);
  const options = radios.map((radio) => {
    const kind = radio.value as CampaignForm['kind'];
    return h('div', { class: 'field-check' }, radio, h('label', { for: radio.id }, strings.kind[kind]), h('p', { class: 'hint', id: `campaign-kind-${kind}-hint` }, t.kindHint[kind]));
  });
  return {
    el: h('fieldset', { class: 'field fieldset' }, h('legend', {}, t.kind), ...options, error.el),
    value: () => (radios.find((r) => r.checked)?.value as CampaignForm['kind'] | undefined) ?? initial,
  };
}

/**
 * The slug, while it may change (a draft claims its address only when it opens). Until the organiser
 * types one, a new campaign's title suggests it; the hint shows the address it makes.
 */
export function slugField(initial: string, title: FormField, isNew: boolean): FormField {
  const slug = field(
    'campaign-slug',
    t.slug,
    h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.slugMax, pattern: '[a-z0-9][a-z0-9-]*[a-z0-9]', autocapitalize: 'none', spellcheck: 'false', inputmode: 'url' }),
    { hint: ' ' },
  );
  const hint = slug.el.querySelector('.hint');
  const control = slug.control;
  control.value = initial;
  // An existing draft's slug is the organiser's choice already: the title no longer suggests one.
  let touched = !isNew;
  const updateHint = (): void => {
    const value = control.value.trim();
    const where = fill(t.slugHint, { url: `${location.origin}${value ? campaignPath(value) : '/c/…'}` });
    if (hint) hint.textContent = isNew ? where : `${where} ${t.slugRenameHint}`;
  };
  title.control.addEventListener('input', () => {
    if (touched) return;
    control.value = suggestSlug(title.control.value);
    updateHint();
  });
  control.addEventListener('input', () => {
    touched = control.value !== '';
    updateHint();
  });
  updateHint();
  return slug;
}

/**
 * The original's language: the public page says "translated from …" by it, and mails and the
 * dossier name it. Each language is named in itself, and marked with its own `lang`.
 */
export function languageField(original: Campaign | undefined, initial: string): FormField {
  const choice = languageChoice(original);
  const languageSelect = h(
    'select',
    {},
    ...(Object.keys(LANGUAGES) as Language[]).map((code) => {
      const option = h('option', { value: code, lang: code }, LANGUAGES[code]);
      option.disabled = choice.excluded.includes(code);
      return option;
    }),
  );
  languageSelect.value = initial;
  languageSelect.disabled = choice.fixed;
  return field('campaign-language', t.language, languageSelect, { hint: choice.fixed ? t.languageFixed : t.languageHint });
}

/** What the sign form asks besides name and email: country (required, optional, off) and comment. */
export function signerFieldsGroup(initial: CampaignForm, fields: Fields): { el: HTMLElement; country: FormField; comment: FormField } {
  const country = field('campaign-country', t.country, select(SIGNER_COUNTRY_CHOICES, t.countryOptions, initial.country));
  const comment = field('campaign-comment', t.comment, select(SIGNER_COMMENT_CHOICES, t.commentOptions, initial.comment));
  const error = groupError('campaign-signer-fields', () => country.control.focus());
  fields.set('signerFields.country', country);
  fields.set('signerFields.comment', comment);
  fields.set('signerFields', error);
  return { el: h('fieldset', { class: 'field fieldset' }, h('legend', {}, t.signerFields), country.el, comment.el, error.el), country, comment };
}

/** The plain fields: a labelled control with its starting value, registered under `key`. */
export function valueField(fields: Fields, key: string, made: FormField, value: string | boolean): FormField {
  if (typeof value === 'boolean') (made.control as HTMLInputElement).checked = value;
  else made.control.value = value;
  fields.set(key, made);
  return made;
}
