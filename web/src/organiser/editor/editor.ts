/**
 * `#/org/new` and `#/org/c/<slug>/edit`: the campaign editor. Client-side checks mirror the API's
 * schema; the API's own field errors (`targets.0.name`, …) land next to the same fields. A new
 * campaign is created as a draft; an edit sends only what changed (PATCH).
 */
import { loadingView, messageView } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { ORG_HASH, orgCampaignHash, petitionHash } from '../../app/routes.ts';
import { failureMessage, is401, orgGet, orgPage, orgSend, serverMessage, setFlash, type OrgPage } from '../shell/common.ts';
import { field, groupError, select, type ErrorTarget, type FormField } from '../../ui/field.ts';
import { formController } from '../../ui/form.ts';
import { buildCampaignPayload, CAMPAIGN_LIMITS, campaignFieldOrder, campaignPatch, campaignToForm, emptyCampaignForm, isoToDateInput, keepsTextVersion, languageChoice, suggestSlug, validateCampaignForm, type CampaignErrors, type CampaignForm } from './editor-rules.ts';
import { mapOrgError } from '../shell/org-errors.ts';
import { hasRole } from '../shell/roles.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import { parseCampaign, type Campaign } from '../shell/campaign-data.ts';
import { lang, LANGUAGES, live, strings, type Language } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

const t = live(() => strings.org.editor);

export function renderEditor(root: HTMLElement, slug: string | undefined, ctx: ViewContext): Cleanup {
  return orgPage(root, ctx, 'home', (page) => {
    if (!hasRole(page.me.role, 'editor')) {
      const view = messageView(slug ? t.editTitle : t.newTitle, strings.org.forbidden);
      replaceChildren(page.content, view.el);
      ctx.ready(view.heading);
      return;
    }
    if (!slug) {
      editor(page, undefined);
      return;
    }
    const load = async (): Promise<void> => {
      replaceChildren(page.content, loadingView());
      const res = await orgGet(orgCampaignApiPath(slug), page.signal);
      if (res.kind === 'aborted' || is401(res)) return;
      const campaign = res.kind === 'response' && res.ok ? parseCampaign(res.body) : null;
      if (!campaign) {
        const notFound = res.kind === 'response' && res.status === 404;
        const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
        retry.addEventListener('click', () => void load());
        const view = notFound ? messageView(strings.notFoundTitle, strings.notFoundText) : messageView(strings.loadFailed, undefined, retry);
        replaceChildren(page.content, view.el);
        ctx.ready(view.heading);
        return;
      }
      if (campaign.status === 'delivered') {
        // Reached by a kept address: a delivered campaign offers no Edit, and the server refuses one.
        const view = messageView(campaign.title, strings.org.editor.deliveredNoEdit, h('p', {}, h('a', { href: ORG_HASH.home }, strings.org.campaign.back)));
        replaceChildren(page.content, view.el);
        ctx.ready(view.heading);
        return;
      }
      editor(page, campaign);
    };
    void load();
  });
}

interface TargetRow {
  el: HTMLElement;
  legend: HTMLElement;
  remove: HTMLButtonElement;
  name: FormField;
  office: FormField;
  email: FormField;
}

let rowIds = 0;

function editor(page: OrgPage, original: Campaign | undefined): void {
  const { content, signal, ctx } = page;
  const isNew = original === undefined;
  // A new campaign is written in the organiser's language unless they choose another.
  const initial: CampaignForm = original ? campaignToForm(original) : emptyCampaignForm(lang);
  const heading = h('h1', { tabindex: -1 }, isNew ? t.newTitle : t.editTitle);

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, isNew ? t.create : t.save);
  // Error keys are the API's (`targets.0.name`): each field registers under its key, in the order
  // the validator corrects them; the status line says "Saving…" while the button is disabled.
  const rows: TargetRow[] = [];
  const controls = formController({ submit, announce: true, order: () => campaignFieldOrder(rows.length) });
  const register = (key: string, target: ErrorTarget): void => void controls.fields.set(key, target);

  // Kind (fixed once created)
  let kindGroup: HTMLElement | null = null;
  const kindRadios: HTMLInputElement[] = [];
  if (isNew) {
    const error = groupError('campaign-kind', () => (kindRadios.find((r) => r.checked) ?? kindRadios[0])?.focus());
    const options = (['petition', 'letter'] as const).map((kind) => {
      const radio = h('input', { type: 'radio', name: 'kind', value: kind, id: `campaign-kind-${kind}`, 'aria-describedby': `campaign-kind-${kind}-hint` });
      radio.checked = initial.kind === kind;
      kindRadios.push(radio);
      return h(
        'div',
        { class: 'field-check' },
        radio,
        h('label', { for: radio.id }, strings.kind[kind]),
        h('p', { class: 'hint', id: `campaign-kind-${kind}-hint` }, t.kindHint[kind]),
      );
    });
    kindGroup = h('fieldset', { class: 'field fieldset' }, h('legend', {}, t.kind), ...options, error.el);
    register('kind', error);
  }

  const title = field('campaign-title', t.title, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.title }));
  title.control.value = initial.title;
  register('title', title);

  // A draft's slug may change: it claims its address only when it opens.
  const editsSlug = isNew || original.status === 'draft';
  let slug: FormField | null = null;
  let slugHint: HTMLElement | null = null;
  if (editsSlug) {
    slug = field(
      'campaign-slug',
      t.slug,
      h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.slugMax, pattern: '[a-z0-9][a-z0-9-]*[a-z0-9]', autocapitalize: 'none', spellcheck: 'false', inputmode: 'url' }),
      { hint: ' ' },
    );
    register('slug', slug);
    slugHint = slug.el.querySelector('.hint');
    const slugControl = slug.control;
    slugControl.value = initial.slug;
    // An existing draft's slug is the organiser's choice already: the title no longer suggests one.
    let touched = !isNew;
    const updateHint = (): void => {
      const value = slugControl.value.trim();
      const where = fill(t.slugHint, { url: `${location.origin}/${value ? petitionHash(value) : '#/p/…'}` });
      if (slugHint) slugHint.textContent = isNew ? where : `${where} ${t.slugRenameHint}`;
    };
    title.control.addEventListener('input', () => {
      if (touched) return;
      slugControl.value = suggestSlug(title.control.value);
      updateHint();
    });
    slugControl.addEventListener('input', () => {
      touched = slugControl.value !== '';
      updateHint();
    });
    updateHint();
  }

  // The original's language: the public page says "translated from …" by it, and mails and the
  // dossier name it. Each language is named in itself, and marked with its own `lang`.
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
  languageSelect.value = initial.language;
  languageSelect.disabled = choice.fixed;
  const language = field('campaign-language', t.language, languageSelect, { hint: choice.fixed ? t.languageFixed : t.languageHint });
  register('language', language);

  const text = field('campaign-text', t.text, h('textarea', { required: true, rows: 14, maxlength: CAMPAIGN_LIMITS.text }), { hint: t.textHint });
  text.control.value = initial.text;
  register('text', text);

  // Targets: repeatable rows
  const targetsError = groupError('campaign-targets', () => (rows[0]?.name.control ?? addTarget).focus());
  const rowsEl = h('div', { class: 'target-rows' });
  const addTarget = h('button', { type: 'button', class: 'button button-secondary' }, t.addTarget);
  const targetsStatus = h('p', { class: 'visually-hidden', role: 'status' });
  const renumber = (): void => {
    rows.forEach((row, i) => {
      row.legend.textContent = fill(t.target, { n: i + 1 });
      row.remove.textContent = fill(t.removeTarget, { n: i + 1 });
      row.remove.hidden = rows.length === 1;
    });
    addTarget.hidden = rows.length >= CAMPAIGN_LIMITS.targetsMax;
    // Error keys follow the row's position, as the API's do.
    for (const key of [...controls.fields.keys()]) if (/^targets\.\d+\./.test(key)) controls.fields.delete(key);
    rows.forEach((row, i) => {
      register(`targets.${i}.name`, row.name);
      register(`targets.${i}.office`, row.office);
      register(`targets.${i}.email`, row.email);
    });
  };
  const addRow = (value: CampaignForm['targets'][number]): TargetRow => {
    const id = `target-${++rowIds}`;
    const name = field(`${id}-name`, t.targetName, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.targetName }));
    const office = field(`${id}-office`, t.targetOffice, h('input', { type: 'text', maxlength: CAMPAIGN_LIMITS.targetOffice }), { optional: strings.org.editor.optional });
    const email = field(`${id}-email`, t.targetEmail, h('input', { type: 'email', maxlength: CAMPAIGN_LIMITS.email, autocomplete: 'off', spellcheck: 'false' }), { optional: strings.org.editor.optional });
    name.control.value = value.name;
    office.control.value = value.office;
    email.control.value = value.email;
    const legend = h('legend', {});
    const remove = h('button', { type: 'button', class: 'button button-secondary button-small' }, '');
    const el = h('fieldset', { class: 'target-row' }, legend, name.el, office.el, email.el, remove);
    const row: TargetRow = { el, legend, remove, name, office, email };
    remove.addEventListener('click', () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      el.remove();
      renumber();
      targetsStatus.textContent = t.targetRemoved;
      (rows[Math.max(0, index - 1)]?.name.control ?? addTarget).focus();
    });
    rows.push(row);
    rowsEl.append(el);
    return row;
  };
  for (const target of initial.targets.length > 0 ? initial.targets : [{ name: '', office: '', email: '' }]) addRow(target);
  renumber();
  addTarget.addEventListener('click', () => {
    const row = addRow({ name: '', office: '', email: '' });
    renumber();
    targetsStatus.textContent = fill(t.targetAdded, { n: rows.length });
    row.name.control.focus();
  });
  register('targets', targetsError);
  const targets = h(
    'fieldset',
    { class: 'field fieldset' },
    h('legend', {}, t.targets),
    h('p', { class: 'hint' }, t.targetsHint),
    rowsEl,
    targetsError.el,
    addTarget,
    targetsStatus,
  );

  const goal = field('campaign-goal', t.goal, h('input', { type: 'number', required: true, min: 1, max: CAMPAIGN_LIMITS.goalMax, step: 1, inputmode: 'numeric' }));
  goal.control.value = initial.goal;
  register('goal', goal);

  const deadline = field('campaign-deadline', t.deadline, h('input', { type: 'date' }), { hint: t.deadlineHint, optional: strings.org.editor.optional });
  deadline.control.value = initial.deadline;
  register('deadline', deadline);

  const publicSigners = field('campaign-public', t.publicSigners, h('input', { type: 'checkbox' }), { hint: t.publicSignersHint, check: true });
  (publicSigners.control as HTMLInputElement).checked = initial.publicSigners;
  register('publicSigners', publicSigners);

  const retention = field(
    'campaign-retention',
    t.retentionDays,
    h('input', { type: 'number', required: true, min: 1, max: CAMPAIGN_LIMITS.retentionMax, step: 1, inputmode: 'numeric' }),
    { hint: t.retentionHint },
  );
  retention.control.value = initial.retentionDays;
  register('retentionDays', retention);

  const country = field('campaign-country', t.country, select(['required', 'optional', 'off'] as const, t.countryOptions, initial.country));
  const comment = field('campaign-comment', t.comment, select(['optional', 'off'] as const, t.commentOptions, initial.comment));
  register('signerFields.country', country);
  register('signerFields.comment', comment);
  const signerFieldsError = groupError('campaign-signer-fields', () => country.control.focus());
  register('signerFields', signerFieldsError);
  const signerFields = h('fieldset', { class: 'field fieldset' }, h('legend', {}, t.signerFields), country.el, comment.el, signerFieldsError.el);

  const cancel = h('a', { href: original ? orgCampaignHash(original.slug) : '#/org/campaigns', class: 'button button-secondary' }, t.cancel);

  const form = h(
    'form',
    { class: 'org-form campaign-form', novalidate: true, 'aria-labelledby': 'campaign-form-heading' },
    original && original.status !== 'draft' ? h('p', { class: 'notice notice-info' }, t.versionNotice) : null,
    kindGroup,
    original ? h('p', { class: 'muted' }, `${t.kind}: ${strings.kind[original.kind]}`) : null,
    title.el,
    slug?.el ?? null,
    language.el,
    text.el,
    targets,
    goal.el,
    deadline.el,
    publicSigners.el,
    retention.el,
    signerFields,
    controls.message.el,
    h('div', { class: 'button-row' }, submit, cancel),
    controls.status.el,
  );
  heading.id = 'campaign-form-heading';
  replaceChildren(content, h('section', { class: 'org-editor' }, heading, original ? h('p', { class: 'lede' }, original.title) : null, form));
  ctx.ready(heading, isNew ? t.newTitle : `${t.editTitle}: ${original.title}`);

  const readForm = (): CampaignForm => ({
    title: title.control.value,
    kind: (kindRadios.find((r) => r.checked)?.value as CampaignForm['kind'] | undefined) ?? initial.kind,
    slug: slug?.control.value ?? initial.slug,
    text: text.control.value,
    targets: rows.map((r) => ({ name: r.name.control.value, office: r.office.control.value, email: r.email.control.value })),
    goal: goal.control.value,
    deadline: deadline.control.value,
    publicSigners: (publicSigners.control as HTMLInputElement).checked,
    retentionDays: retention.control.value,
    country: country.control.value as CampaignForm['country'],
    comment: comment.control.value as CampaignForm['comment'],
    language: language.control.value,
  });

  const showErrors = (fieldErrors: CampaignErrors, other: string[] = []): boolean => controls.showErrors(fieldErrors, other, t.errorsIntro);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (controls.busy) return;
    void save();
  });

  const save = async (): Promise<void> => {
    controls.message.show();
    const values = readForm();
    // A deadline already in the past stays allowed while it is unchanged (the campaign has closed).
    const deadlineChanged = !original || values.deadline !== isoToDateInput(original.deadline);
    const today = isoToDateInput(new Date().toISOString());
    const clientErrors = validateCampaignForm(values, strings.org.validation, { isNew, editsSlug, ...(deadlineChanged ? { today } : {}) });
    if (showErrors(clientErrors)) return;

    const payload = buildCampaignPayload(values, { isNew, editsSlug });
    let body: unknown = payload;
    if (original) {
      const patch = campaignPatch(original, payload);
      if (Object.keys(patch).length === 0) {
        setFlash(t.unchanged);
        location.hash = orgCampaignHash(original.slug);
        return;
      }
      body = patch;
    }
    controls.setBusy(t.saving);
    const res = original
      ? await orgSend('PATCH', orgCampaignApiPath(original.slug), body, signal)
      : await orgSend('POST', '/api/org/campaigns', body, signal);
    if (res.kind === 'aborted' || is401(res)) return;
    controls.setBusy(null);

    if (res.kind === 'response' && res.ok) {
      const saved = parseCampaign(res.body);
      const savedSlug = saved?.slug ?? original?.slug ?? payload.slug ?? '';
      if (!original) setFlash(t.created);
      else if (keepsTextVersion(original.status, body as Partial<typeof payload>)) setFlash(fill(t.savedVersion, { version: original.version }));
      else setFlash(t.saved);
      location.hash = orgCampaignHash(savedSlug);
      return;
    }
    if (res.kind === 'response' && (res.status === 400 || res.status === 422)) {
      const known = [...controls.fields.keys()];
      const mapped = mapOrgError(res.body, known);
      const other = mapped.other.length > 0 || Object.keys(mapped.fields).length > 0 ? mapped.other : [mapped.message ?? strings.signErrors.invalid];
      showErrors(mapped.fields, other);
      if (Object.keys(mapped.fields).length === 0) submit.focus();
      return;
    }
    const conflict = res.kind === 'response' && res.status === 409 ? mapOrgError(res.body, ['slug']) : undefined;
    if (conflict?.code === 'slug_taken' && editsSlug) {
      showErrors({ slug: conflict.fields.slug ?? conflict.message ?? t.slugTaken });
      return;
    }
    controls.message.show(failureMessage(res, serverMessage(res)));
    submit.focus();
  };
}
