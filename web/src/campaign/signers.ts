/**
 * The campaign's public list: the most recent signers who ticked "show my name", as the server
 * labels them ("Nadia K.") with their country named in the reader's language. Only rendered when the
 * campaign has a public list; a 404 (the organisers turned it off meanwhile) removes the section.
 */
import { getJson } from '../app/api.ts';
import { h, replaceChildren } from '../app/dom.ts';
import { locale } from '../app/format.ts';
import { countryNamer } from '../app/countries.ts';
import { readSigners, signerLine } from './campaign-data.ts';
import { campaignApiPath } from '../app/routes.ts';
import { strings } from '../app/strings.ts';

export function renderSigners(slug: string, signal: AbortSignal): HTMLElement {
  const body = h('div', { class: 'signers-body' }, h('p', { class: 'loading' }, strings.loading));
  const section = h(
    'section',
    { class: 'signers', 'aria-labelledby': 'signers-heading', 'aria-busy': 'true' },
    h('h2', { id: 'signers-heading' }, strings.signers.title),
    h('p', { class: 'hint' }, strings.signers.intro),
    body,
  );

  void (async () => {
    const res = await getJson(campaignApiPath(slug, '/signers'), signal);
    if (res.kind === 'aborted') return;
    section.removeAttribute('aria-busy');
    if (res.kind === 'response' && res.status === 404) {
      section.remove();
      return;
    }
    const signers = res.kind === 'response' && res.ok ? readSigners(res.body) : null;
    if (!signers) {
      replaceChildren(body, h('p', { class: 'muted' }, strings.signers.failed));
      return;
    }
    if (signers.length === 0) {
      replaceChildren(body, h('p', { class: 'muted' }, strings.signers.empty));
      return;
    }
    const countryName = countryNamer(locale);
    replaceChildren(body, h('ul', { class: 'signer-list' }, ...signers.map((s) => h('li', {}, signerLine(s, countryName)))));
  })();

  return section;
}
