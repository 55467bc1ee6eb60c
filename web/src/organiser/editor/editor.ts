/**
 * `#/org/new` and `#/org/c/<slug>/edit`: the campaign editor. Client-side checks mirror the API's
 * schema; the API's own field errors (`targets.0.name`, …) land next to the same fields. A new
 * campaign is created as a draft; an edit sends only what changed (PATCH).
 */
import { messageView } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { ORG_HASH, orgCampaignHash } from '../../app/routes.ts';
import { failureMessage, is401, orgPage, orgSend, serverMessage, setFlash, type OrgPage } from '../shell/common.ts';
import { field } from '../../ui/field.ts';
import { formController, type FormController } from '../../ui/form.ts';
import { kindChoice, languageField, signerFieldsGroup, slugField, valueField } from './editor-parts.ts';
import { targetRows } from './target-rows.ts';
import { imageSection } from './image-upload.ts';
import { loadCampaign } from '../shell/campaign-load.ts';
import { buildCampaignPayload, CAMPAIGN_LIMITS, campaignFieldOrder, campaignPatch, campaignToForm, emptyCampaignForm, isoToDateInput, keepsTextVersion, validateCampaignForm, type CampaignErrors, type CampaignForm } from './editor-rules.ts';
import { mapOrgError } from '../shell/org-errors.ts';
import { hasRole } from '../shell/roles.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import { readCampaign, type Campaign } from '../shell/campaign-data.ts';
import { lang, live, strings } from '../../app/strings.ts';
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
    loadCampaign(page, slug, (campaign) => {
      if (campaign.status === 'delivered') {
        // Reached by a kept address: a delivered campaign offers no Edit, and the server refuses one.
        const view = messageView(campaign.title, strings.org.editor.deliveredNoEdit, h('p', {}, h('a', { href: ORG_HASH.home }, strings.org.campaign.back)));
        replaceChildren(page.content, view.el);
        ctx.ready(view.heading);
        return;
      }
      editor(page, campaign);
    });
  });
}

function editor(page: OrgPage, original: Campaign | undefined): void {
  const { content, signal, ctx } = page;
  const isNew = original === undefined;
  // A new campaign is written in the organiser's language unless they choose another.
  const initial: CampaignForm = original ? campaignToForm(original) : emptyCampaignForm(lang);
  const heading = h('h1', { tabindex: -1 }, isNew ? t.newTitle : t.editTitle);

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, isNew ? t.create : t.save);
  // Error keys are the API's (`targets.0.name`): each field registers under its key, in the order
  // the validator corrects them; the status line says "Saving…" while the button is disabled.
  const controls = formController({ submit, announce: true, order: () => campaignFieldOrder(targets.count()) });
  const fields = controls.fields;

  const kind = isNew ? kindChoice(initial.kind, fields) : null;
  const title = valueField(fields, 'title', field('campaign-title', t.title, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.title })), initial.title);
  const editsSlug = isNew || original.status === 'draft';
  const slug = editsSlug ? valueField(fields, 'slug', slugField(initial.slug, title, isNew), initial.slug) : null;
  const language = valueField(fields, 'language', languageField(original, initial.language), initial.language);
  const text = valueField(fields, 'text', field('campaign-text', t.text, h('textarea', { required: true, rows: 14, maxlength: CAMPAIGN_LIMITS.text }), { hint: t.textHint }), initial.text);
  const targets = targetRows(initial.targets, fields);
  const goal = valueField(fields, 'goal', field('campaign-goal', t.goal, h('input', { type: 'number', required: true, min: 1, max: CAMPAIGN_LIMITS.goalMax, step: 1, inputmode: 'numeric' })), initial.goal);
  const deadline = valueField(fields, 'deadline', field('campaign-deadline', t.deadline, h('input', { type: 'date' }), { hint: t.deadlineHint, optional: t.optional }), initial.deadline);
  const publicSigners = valueField(fields, 'publicSigners', field('campaign-public', t.publicSigners, h('input', { type: 'checkbox' }), { hint: t.publicSignersHint, check: true }), initial.publicSigners);
  const retention = valueField(
    fields,
    'retentionDays',
    field('campaign-retention', t.retentionDays, h('input', { type: 'number', required: true, min: 1, max: CAMPAIGN_LIMITS.retentionMax, step: 1, inputmode: 'numeric' }), { hint: t.retentionHint }),
    initial.retentionDays,
  );
  const signerFields = signerFieldsGroup(initial, fields);

  const cancel = h('a', { href: original ? orgCampaignHash(original.slug) : '#/org/campaigns', class: 'button button-secondary' }, t.cancel);

  const form = h(
    'form',
    { class: 'org-form campaign-form', novalidate: true, 'aria-labelledby': 'campaign-form-heading' },
    original && original.status !== 'draft' ? h('p', { class: 'notice notice-info' }, t.versionNotice) : null,
    kind?.el ?? null,
    original ? h('p', { class: 'muted' }, `${t.kind}: ${strings.kind[original.kind]}`) : null,
    title.el,
    slug?.el ?? null,
    language.el,
    text.el,
    targets.el,
    goal.el,
    deadline.el,
    publicSigners.el,
    retention.el,
    signerFields.el,
    controls.message.el,
    h('div', { class: 'button-row' }, submit, cancel),
    controls.status.el,
  );
  heading.id = 'campaign-form-heading';
  // The image is its own form (an upload, not a field of the campaign's PATCH): once the campaign exists.
  const image = original ? imageSection(original, signal) : null;
  replaceChildren(content, h('section', { class: 'org-editor' }, heading, original ? h('p', { class: 'lede' }, original.title) : null, form, image));
  ctx.ready(heading, isNew ? t.newTitle : `${t.editTitle}: ${original.title}`);

  const readForm = (): CampaignForm => ({
    title: title.control.value,
    kind: kind?.value() ?? initial.kind,
    slug: slug?.control.value ?? initial.slug,
    text: text.control.value,
    targets: targets.values(),
    goal: goal.control.value,
    deadline: deadline.control.value,
    publicSigners: (publicSigners.control as HTMLInputElement).checked,
    retentionDays: retention.control.value,
    country: signerFields.country.control.value as CampaignForm['country'],
    comment: signerFields.comment.control.value as CampaignForm['comment'],
    language: language.control.value,
  });

  controls.onSubmit(form, () => save({ original, values: readForm(), controls, signal, isNew, editsSlug }));
}

interface Save {
  original: Campaign | undefined;
  values: CampaignForm;
  controls: FormController;
  signal: AbortSignal;
  isNew: boolean;
  editsSlug: boolean;
}

/**
 * Checks the form, then creates the campaign (POST) or sends what changed (PATCH; nothing changed:
 * straight back). Saved: on to the campaign's page with a flash saying so. Refused: the API's field
 * errors on the fields, a taken slug on the slug, anything else in the message box.
 */
async function save({ original, values, controls, signal, isNew, editsSlug }: Save): Promise<void> {
  const showErrors = (fieldErrors: CampaignErrors, other: string[] = []): boolean => controls.showErrors(fieldErrors, other, t.errorsIntro);
  controls.message.show();
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
  const res = original ? await orgSend('PATCH', orgCampaignApiPath(original.slug), body, signal) : await orgSend('POST', '/api/org/campaigns', body, signal);
  if (res.kind === 'aborted' || is401(res)) return;
  controls.setBusy(null);

  if (res.kind === 'response' && res.ok) {
    const saved = readCampaign(res.body);
    const savedSlug = saved?.slug ?? original?.slug ?? payload.slug ?? '';
    if (!original) setFlash(t.created);
    else if (keepsTextVersion(original.status, body as Partial<typeof payload>)) setFlash(fill(t.savedVersion, { version: original.version }));
    else setFlash(t.saved);
    location.hash = orgCampaignHash(savedSlug);
    return;
  }
  if (res.kind === 'response' && (res.status === 400 || res.status === 422)) {
    const mapped = mapOrgError(res.body, [...controls.fields.keys()]);
    const other = mapped.other.length > 0 || Object.keys(mapped.fields).length > 0 ? mapped.other : [mapped.message ?? strings.signErrors.invalid];
    showErrors(mapped.fields, other);
    if (Object.keys(mapped.fields).length === 0) controls.submit.focus();
    return;
  }
  const conflict = res.kind === 'response' && res.status === 409 ? mapOrgError(res.body, ['slug']) : undefined;
  if (conflict?.code === 'slug_taken' && editsSlug) {
    showErrors({ slug: conflict.fields.slug ?? conflict.message ?? t.slugTaken });
    return;
  }
  controls.message.show(failureMessage(res, serverMessage(res)));
  controls.submit.focus();
}
