/**
 * Who is behind a campaign, on its page (issue #17, item 4): "Organised by <name>, <country> ·
 * website · contact", and the campaign's own privacy notice (who controls the data, with the
 * organisation's statement and contact; what this campaign collects; how long it is kept; how to
 * withdraw), a disclosure opened from that line and from beside the sign form. Plain DOM, like the
 * rest of the public page. Links: only http(s) websites and plain addresses (./organisation-rules.ts).
 */
import { h } from '../app/dom.ts';
import { countryNamer } from '../app/countries.ts';
import { formatPlural, locale } from '../app/format.ts';
import { fill } from '../app/text.ts';
import { PRIVACY_HASH } from '../app/routes.ts';
import { strings } from '../app/strings.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { collectedKeys, linkableOrganisation, logoBox } from './organisation-rules.ts';

const NOTICE_ID = 'privacy-notice';

export interface OrganisationViews {
  /** "Organised by …" under the title; null for a campaign without an organisation. */
  byline: HTMLElement | null;
  /** The privacy notice (closed until asked for). */
  notice: HTMLElement;
  /** A link-like button that opens the notice, for beside the sign form. */
  opener(): HTMLElement;
}

export function organisationViews(campaign: PublicCampaign): OrganisationViews {
  const t = strings.organisation;
  const organisation = linkableOrganisation(campaign.organisation);
  const countryName = countryNamer(locale);

  const notice = h('details', { id: NOTICE_ID, class: 'privacy-notice' }) as HTMLDetailsElement;
  const summary = h('summary', {}, h('h2', { class: 'privacy-notice-title' }, t.notice));
  const section = (title: string, ...content: (HTMLElement | null)[]) => h('section', {}, h('h3', {}, title), ...content);
  const contactLink = (address: string) => h('a', { href: `mailto:${address}` }, address);
  // The logo, small, beside the name: its box set from the published size (no shift as it loads), its alt the name.
  const logo = (max: number) =>
    organisation?.logo ? h('img', { class: 'organisation-logo', src: organisation.logo.src, alt: organisation.name, ...logoBox(organisation.logo, max), decoding: 'async' }) : null;
  notice.append(
    summary,
    section(
      t.controllerTitle,
      logo(48),
      h('p', {}, organisation ? fill(t.controller, { name: organisation.name }) : t.controllerPlatform),
      organisation?.controller ? h('blockquote', { class: 'controller-statement' }, ...organisation.controller.split('\n').map((line) => h('p', {}, line))) : null,
      organisation?.contact ? h('p', {}, ...withLink(t.writeTo, '{contact}', contactLink(organisation.contact))) : null,
    ),
    section(t.collectedTitle, h('ul', {}, ...collectedKeys(campaign.signerFields).map((key) => h('li', {}, t[key])))),
    section(t.keptTitle, h('p', {}, formatPlural(t.kept, campaign.retentionDays))),
    section(t.withdrawTitle, h('p', {}, t.withdraw)),
    h('p', {}, h('a', { href: PRIVACY_HASH }, t.platform)),
  );

  const open = (): void => {
    notice.open = true;
    summary.focus();
    notice.scrollIntoView?.({ block: 'start' });
  };
  const opener = (): HTMLElement => {
    const button = h('button', { type: 'button', class: 'link-button', 'aria-controls': NOTICE_ID }, t.notice);
    button.addEventListener('click', open);
    return button;
  };

  let byline: HTMLElement | null = null;
  if (organisation) {
    const parts: (HTMLElement | string)[] = [
      fill(t.organisedBy, { name: organisation.name }) + (organisation.country ? `, ${countryName(organisation.country)}` : ''),
    ];
    // Each separator travels with what follows it, so a line never ends on a dangling "·".
    const part = (element: HTMLElement) => h('span', { class: 'byline-part' }, ' · ', element);
    if (organisation.website) parts.push(part(h('a', { href: organisation.website, rel: 'noopener noreferrer nofollow', target: '_blank' }, t.website)));
    if (organisation.contact) parts.push(part(contactLink(organisation.contact)));
    parts.push(part(opener()));
    const image = logo(32);
    if (image) parts.unshift(image, ' ');
    byline = h('p', { class: 'organised-by' }, ...parts);
  }
  return { byline, notice, opener };
}

/** A sentence with a placeholder replaced by an element (the text around it stays text). */
function withLink(sentence: string, placeholder: string, element: HTMLElement): (string | HTMLElement)[] {
  const at = sentence.indexOf(placeholder);
  if (at < 0) return [sentence, ' ', element];
  return [sentence.slice(0, at), element, sentence.slice(at + placeholder.length)];
}
