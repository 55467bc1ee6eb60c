/**
 * `#/p/<slug>/cosign/<token>`: an organisation co-signs a campaign through the invitation link its
 * organisers sent (single use). Public: no sign-in. The token sits in the hash and is sent only in
 * the POST body.
 */
import { postJson } from '../../app/api.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { locale } from '../../app/format.ts';
import { countryOptions } from '../../app/countries.ts';
import { campaignApiPath, campaignHash } from '../../app/routes.ts';
import { addressedView, campaignTextView } from '../../ui/common.ts';
import { mapErrorsInto } from '../shell/common.ts';
import { field } from '../../ui/field.ts';
import { formController } from '../../ui/form.ts';
import { buildCosignPayload, classifyCosignOpening, classifyCosignStatus, COSIGN_FIELDS, readCosignLetter, validateCosign, type CosignInput, type CosignLetter } from './cosign-rules.ts';
import { COSIGN_LIMITS } from '../../../../functions/rules/limits.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

const t = live(() => strings.cosign);

export function renderCosign(root: HTMLElement, route: { slug: string; token: string }, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, t.title);
  const context = h('div', {});

  const name = field('cosign-name', t.name, h('input', { type: 'text', required: true, maxlength: COSIGN_LIMITS.name, autocomplete: 'organization' }));
  const countrySelect = h('select', { required: true, autocomplete: 'country' }, h('option', { value: '' }, strings.form.countryPlaceholder));
  for (const c of countryOptions(locale)) countrySelect.appendChild(h('option', { value: c.code }, c.name));
  countrySelect.value = '';
  const country = field('cosign-country', t.country, countrySelect);
  const website = field('cosign-website', t.website, h('input', { type: 'url', maxlength: COSIGN_LIMITS.website, autocomplete: 'url', inputmode: 'url', spellcheck: 'false' }), {
    hint: t.websiteHint,
    optional: strings.org.editor.optional,
  });
  const fields = { name, country, website };
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t.submit);
  const controls = formController({ submit, fields });
  const busy = controls.busyAs(t.sending);
  const errors = controls.message;
  const form = h('form', { class: 'org-form sign', novalidate: true, 'aria-labelledby': 'cosign-heading' }, name.el, country.el, website.el, errors.el, h('div', { class: 'actions' }, submit));
  heading.id = 'cosign-heading';

  replaceChildren(root, h('section', { class: 'cosign' }, heading, context, h('p', {}, t.intro), form));
  ctx.ready(heading, t.title);

  // Opening the link reads only: it shows the letter, or says at once that the link was used or has
  // expired. The invitation is spent by pressing Co-sign alone, so a mail scanner spends nothing.
  void postJson(campaignApiPath(route.slug, '/cosigners/preview'), { token: route.token }, controller.signal).then((res) => {
    if (res.kind === 'aborted') return;
    const opening = res.kind === 'response' ? classifyCosignOpening(res.status) : 'error';
    const letter = opening === 'letter' && res.kind === 'response' ? readCosignLetter(res.body) : null;
    if (letter) {
      replaceChildren(context, letterView(letter));
      ctx.ready(heading, `${t.title}: ${letter.title}`);
    } else if (opening === 'expired') result(t.expiredTitle, 'error', t.expiredText);
    else if (opening === 'closed') result(t.title, 'error', t.closed);
    // Busy or unreachable: the form stays, and pressing Co-sign says what happened.
  });

  controls.onSubmit(form, () => send());

  const send = async (): Promise<void> => {
    errors.show();
    const input: CosignInput = { name: name.control.value, country: country.control.value, website: website.control.value };
    const invalid = validateCosign(input, { ...strings.validation, website: t.websiteInvalid });
    if (COSIGN_FIELDS.some((k) => invalid[k] !== undefined)) {
      controls.showErrors(invalid);
      return;
    }
    controls.showErrors({});
    busy.start();
    const res = await postJson(campaignApiPath(route.slug, '/cosigners'), buildCosignPayload(input, route.token), controller.signal);
    if (res.kind === 'aborted') return;
    busy.stop();
    const outcome = res.kind === 'response' ? classifyCosignStatus(res.status) : res.kind === 'network' ? 'network' : 'busy';
    if (outcome === 'done') {
      result(t.doneTitle, 'success', t.doneText);
      return;
    }
    if (outcome === 'expired') {
      result(t.expiredTitle, 'error', t.expiredText);
      return;
    }
    if (outcome === 'invalid' && res.kind === 'response' && mapErrorsInto(res.body, fields, errors)) return;
    errors.show(
      outcome === 'invalid'
        ? t.invalid
        : outcome === 'closed'
          ? t.closed
          : outcome === 'network'
            ? strings.linkErrors.network
            : outcome === 'busy'
              ? strings.linkErrors.busy
              : strings.linkErrors.error,
    );
    submit.focus();
  };

  const result = (title: string, tone: 'success' | 'error', text: string): void => {
    const h1 = h('h1', { tabindex: -1 }, title);
    replaceChildren(
      root,
      h('section', { class: `link-result link-${tone}` }, h1, context, h('p', {}, text), h('p', {}, h('a', { href: campaignHash(route.slug), class: 'button button-secondary' }, t.toCampaign))),
    );
    ctx.ready(h1, title);
    h1.focus({ preventScroll: true });
  };

  return () => controller.abort();
}

/** The letter as the public page shows it: title, addressees, text. */
function letterView(letter: CosignLetter): HTMLElement {
  const title = h('h2', { class: 'cosign-letter-title' }, letter.title);
  const text = campaignTextView(letter);
  if (letter.language) {
    title.setAttribute('lang', letter.language);
    text.setAttribute('lang', letter.language);
  }
  return h(
    'section',
    { class: 'cosign-letter', 'aria-labelledby': 'cosign-letter-label' },
    h('p', { class: 'label', id: 'cosign-letter-label' }, t.letterHeading[letter.kind]),
    title,
    addressedView(letter.targets, 'h3', 'cosign-addressed-label'),
    text,
  );
}
