/**
 * `#/org/profile`: the organisation's public profile (issue #17, item 4): name, country, website,
 * public contact address and data-controller statement, shown on every campaign of the organisation,
 * its privacy notice, the dossier's cover and signers' mails. Owners change it with one form (the
 * shared field builder and form controller, through actionForm); other members see it as a lit-html
 * template of what was loaded. The logo has a form of its own below the profile's (upload and
 * remove, through the editor's image upload code, ../shell/image-upload.ts).
 */
import { html, nothing, render } from 'lit-html';
import { h, replaceChildren } from '../../app/dom.ts';
import { countryNamer, countryOptions } from '../../app/countries.ts';
import { locale } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';
import { loadingView } from '../../ui/common.ts';
import { field } from '../../ui/field.ts';
import { liveStatus } from '../../ui/form.ts';
import { actionForm } from '../shell/action-form.ts';
import { failureMessage, is401, orgGet, orgPage, orgSend, serverMessage } from '../shell/common.ts';
import { uploadImage } from '../shell/image-upload.ts';
import { mapOrgError } from '../shell/org-errors.ts';
import { formController } from '../../ui/form.ts';
import { logoBox } from '../../organisation/organisation-rules.ts';
import { IMAGE_TYPES } from '../../../../functions/rules/limits.ts';
import { hasRole } from '../shell/roles.ts';
import { ORG_PROFILE_LIMITS } from '../../../../functions/rules/limits.ts';
import { LOGO_ERROR_FIELDS, logoFileProblem, profileBody, profileProblems, profileValues, readProfile, type Profile, type ProfileProblem, type ProfileValues } from './profile-rules.ts';

export function renderProfile(root: HTMLElement, ctx: ViewContext): Cleanup {
  const t = strings.orgProfile;
  return orgPage(root, ctx, 'profile', (page) => {
    const { me, content, signal } = page;
    const heading = h('h1', { tabindex: -1 }, t.title);
    const body = h('div', {});
    const status = liveStatus();
    replaceChildren(content, heading, h('p', { class: 'lede' }, t.intro), status.el, body);
    ctx.ready(heading, t.title);

    const load = async (): Promise<void> => {
      replaceChildren(body, loadingView());
      const res = await orgGet('/api/org/profile', signal);
      if (res.kind === 'aborted' || is401(res)) return;
      const profile = res.kind === 'response' && res.ok ? readProfile(res.body) : null;
      if (!profile) {
        const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
        retry.addEventListener('click', () => void load());
        replaceChildren(body, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, strings.loadFailed), retry));
        return;
      }
      if (hasRole(me.role, 'owner')) replaceChildren(body, profileForm(profile, (saved) => status.say(fill(t.saved, { name: saved.name })), signal), logoForm(profile, signal));
      else {
        const box = h('div', {});
        replaceChildren(body, h('p', { class: 'notice' }, t.ownersOnly), box);
        render(profileSummary(profile), box);
      }
    };
    void load();
  });
}

/** What other members see: the profile as set. */
function profileSummary(profile: Profile) {
  const t = strings.orgProfile;
  const countryName = countryNamer(locale);
  const row = (label: string, value: string | undefined) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);
  const logo = profile.logo ? html`<dt>${t.logo}</dt><dd><img class="profile-logo" src=${profile.logo.src} alt=${profile.name} width=${logoBox(profile.logo, 96).width} height=${logoBox(profile.logo, 96).height}></dd>` : nothing;
  return html`<dl class="profile-summary">${logo}${row(t.name, profile.name)}${row(t.country, profile.country ? countryName(profile.country) : undefined)}${row(t.website, profile.website)}${row(t.contact, profile.contact)}${row(t.controller, profile.controller)}</dl>`;
}

function profileForm(profile: Profile, saved: (profile: Profile) => void, signal: AbortSignal): HTMLFormElement {
  const t = strings.orgProfile;
  const v = strings.org.validation;
  const values = profileValues(profile);
  const countrySelect = h('select', { autocomplete: 'country-name' }, h('option', { value: '' }, t.noCountry));
  for (const c of countryOptions(locale)) countrySelect.appendChild(h('option', { value: c.code }, c.name));
  const fields = {
    name: field('profile-name', t.name, h('input', { type: 'text', required: true, maxlength: ORG_PROFILE_LIMITS.name, autocomplete: 'organization' })),
    country: field('profile-country', t.country, countrySelect),
    website: field('profile-website', t.website, h('input', { type: 'url', maxlength: ORG_PROFILE_LIMITS.website, inputmode: 'url', spellcheck: 'false' }), { hint: t.websiteHint }),
    contact: field('profile-contact', t.contact, h('input', { type: 'email', maxlength: ORG_PROFILE_LIMITS.contact, spellcheck: 'false', autocomplete: 'off' }), { hint: t.contactHint }),
    controller: field('profile-controller', t.controller, h('textarea', { rows: 6, maxlength: ORG_PROFILE_LIMITS.controller }), {
      hint: fill(t.controllerHint, { max: ORG_PROFILE_LIMITS.controller }),
    }),
  };
  const fill_ = (from: ProfileValues): void => {
    for (const [key, f] of Object.entries(fields)) f.control.value = from[key as keyof ProfileValues];
  };
  fill_(values);
  const current = (): ProfileValues => ({
    name: fields.name.control.value,
    country: fields.country.control.value,
    website: fields.website.control.value,
    contact: fields.contact.control.value,
    controller: fields.controller.control.value,
  });
  const message = (key: keyof ProfileValues, problem: ProfileProblem): string => {
    if (problem === 'required') return v.required;
    if (problem === 'email') return v.email;
    if (problem === 'website') return t.websiteInvalid;
    return fill(v.tooLong, { max: ORG_PROFILE_LIMITS[key as 'name'] });
  };
  return actionForm({
    heading: h('h2', { id: 'profile-heading', class: 'visually-hidden' }, t.title),
    attrs: { class: 'org-form org-section profile-form', 'aria-labelledby': 'profile-heading' },
    submitLabel: t.save,
    fields,
    check: () => Object.fromEntries(Object.entries(profileProblems(current())).map(([key, problem]) => [key, message(key as keyof ProfileValues, problem)])),
    send: () => orgSend('PATCH', '/api/org/profile', profileBody(current()), signal),
    parse: readProfile,
    done: (profile) => {
      fill_(profileValues(profile));
      saved(profile);
    },
  });
}

/**
 * The logo (issue #17, item 4): its preview (alt: the organisation's name), a file field, Upload and
 * Remove. Uploading is the campaign image's three requests (POST …/logo/uploads, PUT the file, PUT
 * …/logo); errors land on the file field, in the organiser's language.
 */
function logoForm(profile: Profile, signal: AbortSignal): HTMLFormElement {
  const t = strings.orgProfile;
  const m = strings.org.editor.image;
  const submit = h('button', { type: 'submit', class: 'button button-secondary' }, t.logoUpload);
  const remove = h('button', { type: 'button', class: 'button button-secondary' }, t.logoRemove);
  const controls = formController({ submit, announce: true, order: () => ['logo'] });
  const file = field('profile-logo-file', t.logoFile, h('input', { type: 'file', accept: IMAGE_TYPES.join(',') }), { hint: t.logoHint });
  controls.fields.set('logo', file);
  const preview = h('div', { class: 'logo-current' });
  const show = (current: Profile): void => {
    const logo = current.logo;
    replaceChildren(
      preview,
      h('p', { class: 'hint' }, logo ? t.logoCurrent : t.logoNone),
      logo ? h('img', { class: 'profile-logo', src: logo.src, alt: current.name, ...logoBox(logo, 96), decoding: 'async' }) : null,
    );
    remove.hidden = !logo;
  };
  show(profile);

  const showServerErrors = (body: unknown): void => {
    const mapped = mapOrgError(body, LOGO_ERROR_FIELDS);
    const message = Object.values(mapped.fields)[0];
    controls.showErrors(message ? { logo: message } : {}, message ? mapped.other : [mapped.message ?? t.logoFailed]);
  };
  const fileProblem = { required: m.fileRequired, type: m.type, size: m.size } as const;

  const form = h(
    'form',
    { class: 'org-form org-section logo-form', novalidate: true, 'aria-labelledby': 'profile-logo-heading' },
    h('h2', { id: 'profile-logo-heading' }, t.logo),
    preview,
    file.el,
    controls.message.el,
    h('div', { class: 'button-row' }, submit, remove),
    controls.status.el,
  ) as HTMLFormElement;

  controls.onSubmit(form, async () => {
    controls.message.show();
    const chosen = (file.control as HTMLInputElement).files?.[0];
    const problem = logoFileProblem(chosen ? { type: chosen.type, size: chosen.size } : undefined);
    if (controls.showErrors(problem ? { logo: fileProblem[problem] } : {})) return;
    controls.setBusy(t.logoUploading);
    try {
      const outcome = await uploadImage(chosen!, { link: '/api/org/profile/logo/uploads', attach: '/api/org/profile/logo' }, (uploadId) => ({ uploadId }), signal);
      if (outcome.kind === 'attached') {
        const saved = readProfile(outcome.body);
        if (saved) show(saved);
        (file.control as HTMLInputElement).value = '';
        controls.status.say(t.logoSaved);
        controls.message.show();
      } else if (outcome.kind === 'invalid') showServerErrors(outcome.body);
      else if (outcome.kind === 'failed') controls.message.show(outcome.res ? failureMessage(outcome.res, serverMessage(outcome.res)) : t.logoFailed);
    } finally {
      controls.setBusy(null);
    }
  });

  remove.addEventListener('click', () => {
    controls.message.show();
    remove.disabled = true;
    void orgSend('DELETE', '/api/org/profile/logo', {}, signal)
      .then((res) => {
        if (res.kind === 'aborted' || is401(res)) return;
        const saved = res.kind === 'response' && res.ok ? readProfile(res.body) : null;
        if (saved) {
          show(saved);
          controls.status.say(t.logoRemoved);
          submit.focus();
        } else controls.message.show(failureMessage(res, serverMessage(res)));
      })
      .finally(() => {
        remove.disabled = false;
      });
  });
  return form;
}
