/**
 * The campaign's image in the editor (issue #17, item 5): choose a JPEG or PNG, describe it (alt
 * text, required), upload (../shell/image-upload.ts: link, PUT, attach; the organisation's logo uses
 * the same). Errors land on the two fields, in the organiser's language.
 */
import { h, replaceChildren } from '../../app/dom.ts';
import { fill } from '../../app/text.ts';
import { field } from '../../ui/field.ts';
import { formController } from '../../ui/form.ts';
import { failureMessage, serverMessage } from '../shell/common.ts';
import { uploadImage } from '../shell/image-upload.ts';
import { mapOrgError } from '../shell/org-errors.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import { readCampaign, type Campaign } from '../shell/campaign-data.ts';
import { IMAGE_LIMITS, IMAGE_TYPES, imageErrorField, validateImageInput, type ImageErrors } from './image-rules.ts';
import { live, strings } from '../../app/strings.ts';

const t = live(() => strings.org.editor.image);

export function imageSection(campaign: Campaign, signal: AbortSignal): HTMLElement {
  const submit = h('button', { type: 'submit', class: 'button button-secondary' }, t.upload);
  const controls = formController({ submit, announce: true, order: () => ['image', 'alt'] });
  const file = field('campaign-image-file', t.file, h('input', { type: 'file', accept: IMAGE_TYPES.join(',') }), { hint: t.hint });
  const alt = field('campaign-image-alt', t.alt, h('input', { type: 'text', maxlength: IMAGE_LIMITS.alt, value: campaign.image?.alt ?? '' }), { hint: t.altHint });
  controls.fields.set('image', file);
  controls.fields.set('alt', alt);
  const preview = h('div', { class: 'image-current' });
  const showCurrent = (image: Campaign['image']): void => {
    replaceChildren(
      preview,
      image ? h('p', { class: 'hint' }, t.current) : null,
      image ? h('img', { src: image.src, alt: image.alt, width: image.width, height: image.height, loading: 'lazy', decoding: 'async' }) : null,
    );
  };
  showCurrent(campaign.image);

  const form = h(
    'form',
    { class: 'org-form image-form', novalidate: true, 'aria-labelledby': 'campaign-image-heading' },
    h('h2', { id: 'campaign-image-heading' }, t.title),
    preview,
    file.el,
    alt.el,
    controls.message.el,
    h('div', { class: 'button-row' }, submit),
    controls.status.el,
  );

  const showServerErrors = (body: unknown): void => {
    const mapped = mapOrgError(body, ['image', 'alt', 'contentType', 'size', 'uploadId']);
    const errors: ImageErrors = {};
    for (const [key, message] of Object.entries(mapped.fields)) {
      const at = imageErrorField(key);
      if (at && !errors[at]) errors[at] = message;
    }
    controls.showErrors(errors, Object.keys(errors).length ? mapped.other : [mapped.message ?? t.failed]);
  };

  controls.onSubmit(form, async () => {
    controls.message.show();
    const chosen = (file.control as HTMLInputElement).files?.[0];
    const altText = (alt.control as HTMLInputElement).value;
    const errors = validateImageInput({ file: chosen ? { type: chosen.type, size: chosen.size } : undefined, alt: altText }, t, (max) => fill(strings.org.validation.tooLong, { max }));
    if (controls.showErrors(errors)) return;
    controls.setBusy(t.uploading);
    try {
      const outcome = await uploadImage(
        chosen!,
        { link: orgCampaignApiPath(campaign.slug, '/image/uploads'), attach: orgCampaignApiPath(campaign.slug, '/image') },
        (uploadId) => ({ uploadId, alt: altText }),
        signal,
      );
      if (outcome.kind === 'attached') {
        const saved = readCampaign(outcome.body);
        showCurrent(saved?.image);
        (file.control as HTMLInputElement).value = '';
        controls.status.say(t.saved);
        controls.message.show();
      } else if (outcome.kind === 'invalid') showServerErrors(outcome.body);
      else if (outcome.kind === 'failed') controls.message.show(outcome.res ? failureMessage(outcome.res, serverMessage(outcome.res)) : t.failed);
    } finally {
      controls.setBusy(null);
    }
  });
  return form;
}
