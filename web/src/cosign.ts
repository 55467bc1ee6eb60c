/**
 * `#/p/<slug>/cosign/<token>`: an organisation co-signs a campaign through the invitation link its
 * organisers sent (single use). Public: no sign-in. The token sits in the hash and is sent only in
 * the POST body.
 */
import { getJson, postJson } from './api.ts';
import { h, replaceChildren } from './dom.ts';
import { locale } from './format.ts';
import { countryOptions, fill, parsePetition, petitionApiPath, petitionHash, type Petition } from './logic.ts';
import { busyButton, formField, mapErrorsInto, messageBox } from './org-common.ts';
import { buildCosignPayload, classifyCosignStatus, COSIGN_FIELDS, validateCosign, type CosignInput } from './org-logic.ts';
import { live, strings } from './strings.ts';
import type { Cleanup, ViewContext } from './view.ts';

const t = live(() => strings.cosign);

export function renderCosign(root: HTMLElement, route: { slug: string; token: string }, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const heading = h('h1', { tabindex: -1 }, t.title);
  const context = h('div', {});

  const name = formField('cosign-name', t.name, h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'organization' }));
  const countrySelect = h('select', { required: true, autocomplete: 'country' }, h('option', { value: '' }, strings.form.countryPlaceholder));
  for (const c of countryOptions(locale)) countrySelect.appendChild(h('option', { value: c.code }, c.name));
  countrySelect.value = '';
  const country = formField('cosign-country', t.country, countrySelect);
  const website = formField('cosign-website', t.website, h('input', { type: 'url', maxlength: 300, autocomplete: 'url', inputmode: 'url', spellcheck: 'false' }), {
    hint: t.websiteHint,
    optional: true,
  });
  const fields = { name, country, website };
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t.submit);
  const busy = busyButton(submit, t.sending);
  const errors = messageBox();
  const form = h('form', { class: 'org-form sign', novalidate: true, 'aria-labelledby': 'cosign-heading' }, name.el, country.el, website.el, errors.el, h('div', { class: 'actions' }, submit));
  heading.id = 'cosign-heading';

  replaceChildren(root, h('section', { class: 'cosign' }, heading, context, h('p', {}, t.intro), form));
  ctx.ready(heading, t.title);

  void getJson(petitionApiPath(route.slug), controller.signal).then((res) => {
    const petition: Petition | null = res.kind === 'response' && res.ok ? parsePetition(res.body) : null;
    if (petition) {
      replaceChildren(context, h('p', { class: 'link-campaign' }, fill(strings.campaignLine, { title: petition.title })));
      ctx.ready(heading, `${t.title}: ${petition.title}`);
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    void send();
  });

  const send = async (): Promise<void> => {
    errors.show();
    const input: CosignInput = { name: name.control.value, country: country.control.value, website: website.control.value };
    const invalid = validateCosign(input, { ...strings.validation, website: t.websiteInvalid });
    for (const key of COSIGN_FIELDS) fields[key].setError(invalid[key]);
    const first = COSIGN_FIELDS.find((k) => invalid[k] !== undefined);
    if (first) {
      fields[first].control.focus();
      return;
    }
    busy.start();
    const res = await postJson(petitionApiPath(route.slug, '/cosigners'), buildCosignPayload(input, route.token), controller.signal);
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
      h('section', { class: `link-result link-${tone}` }, h1, context, h('p', {}, text), h('p', {}, h('a', { href: petitionHash(route.slug), class: 'button button-secondary' }, t.toCampaign))),
    );
    ctx.ready(h1, title);
    h1.focus({ preventScroll: true });
  };

  return () => controller.abort();
}
