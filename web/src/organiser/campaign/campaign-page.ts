/**
 * `#/org/c/<slug>`: one campaign for its organisers: status and its changes (open, close, reopen,
 * record delivery), the live dashboard, exports and co-signing organisations.
 */
import { kindBadge } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatShortDate, locale } from '../../app/format.ts';
import { countryNamer } from '../../app/countries.ts';
import { DELIVERY_METHODS, type Delivery } from '../../campaign/campaign-data.ts';
import { fill } from '../../app/text.ts';
import { ORG_HASH, orgCampaignHash, petitionHash } from '../../app/routes.ts';
import { renderDashboard } from '../dashboard/dashboard.ts';
import { iframeSnippet, scriptSnippet } from '../../embed/embed-rules.ts';
import { renderExports } from '../exports/exports.ts';
import { renderTranslations } from '../translations/translations.ts';
import { confirmInline, copyField, flashNotice, type OrgPage, orgPage, orgSend, runAction, statusBadge } from '../shell/common.ts';
import { field, select } from '../../ui/field.ts';
import { actionForm } from '../shell/action-form.ts';
import { loadCampaign } from '../shell/campaign-load.ts';
import { busyButton, liveStatus, messageBox } from '../../ui/form.ts';
import { canEditCampaign, statusActions, statusBody, type StatusAction } from './status-rules.ts';
import { hasRole } from '../shell/roles.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import { parseCampaign, type Campaign } from '../shell/campaign-data.ts';
import { parseInvite } from '../cosigning/cosign-rules.ts';
import { deliveryLine } from '../../campaign/campaign-page.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

const t = live(() => strings.org.campaign);

export function renderOrgCampaign(root: HTMLElement, slug: string, ctx: ViewContext): Cleanup {
  return orgPage(root, ctx, 'home', (page) => {
    loadCampaign(page, slug, (campaign) => show(page, campaign));
  });
}

function show(page: OrgPage, initial: Campaign): void {
  const { me, content, ctx, signal } = page;
  const canEdit = hasRole(me.role, 'editor');
  const heading = h('h1', { tabindex: -1 }, initial.title);
  const badges = h('div', { class: 'card-badges' });
  const links = h('p', { class: 'org-links' });
  const statusSection = h('section', { class: 'org-section', 'aria-labelledby': 'status-heading' });
  const announce = liveStatus('visually-hidden');

  const renderHeader = (c: Campaign): void => {
    heading.textContent = c.title;
    replaceChildren(badges, statusBadge(c.status), kindBadge(c.kind));
    replaceChildren(
      links,
      h('a', { href: ORG_HASH.home, class: 'back' }, t.back),
      c.status !== 'draft' ? h('a', { href: petitionHash(c.slug) }, t.publicPage) : null,
      canEditCampaign(c.status, me.role) ? h('a', { href: orgCampaignHash(c.slug, true) }, t.edit) : null,
    );
  };

  const renderStatus = (c: Campaign, focusAfter = false): void => {
    const title = h('h2', { id: 'status-heading', tabindex: -1 }, t.statusTitle);
    const errors = messageBox();
    const actions = statusActions(c.status, me.role);
    const buttons = h('div', { class: 'button-row' });
    let deliveryEl: HTMLElement | null = null;
    for (const action of actions) {
      if (action === 'deliver') {
        const open = h('button', { type: 'button', class: 'button button-secondary', 'aria-expanded': 'false', 'aria-controls': 'delivery-form' }, t.action.deliver);
        const form = deliveryForm(c, signal, (updated) => {
          announce.say(strings.org.campaign.delivered);
          update(updated, true);
        });
        form.hidden = true;
        open.addEventListener('click', () => {
          form.hidden = !form.hidden;
          open.setAttribute('aria-expanded', String(!form.hidden));
          if (!form.hidden) form.querySelector<HTMLElement>('input')?.focus();
        });
        buttons.append(open);
        deliveryEl = form;
        continue;
      }
      const button = h('button', { type: 'button', class: `button ${action === 'close' ? 'button-secondary' : 'button-primary button-inline'}` }, t.action[action]);
      confirmInline(button, t.confirm[action], t.action[action], () => void change(action, button, errors), action === 'close');
      buttons.append(button);
    }
    const delivery = c.delivery
      ? h('div', { class: 'delivery-record' }, h('p', {}, deliveryLine(c.delivery)), c.delivery.note ? h('p', { class: 'muted' }, c.delivery.note) : null)
      : null;
    const versions =
      c.versions.length > 0
        ? h(
            'details',
            { class: 'versions' },
            h('summary', {}, `${t.versions} (${c.versions.length})`),
            h('p', {}, fill(t.currentVersion, { version: c.version })),
            h('ul', {}, ...c.versions.map((v) => h('li', {}, fill(t.versionLine, { version: v.version, date: formatShortDate(v.savedAt) })))),
          )
        : null;
    replaceChildren(statusSection, title, h('p', {}, t.statusText[c.status]), delivery, buttons, deliveryEl, errors.el, versions);
    if (focusAfter) title.focus();
  };

  const change = async (action: Exclude<StatusAction, 'deliver'>, button: HTMLButtonElement, errors: ReturnType<typeof messageBox>): Promise<void> => {
    const busy = busyButton(button, strings.org.working);
    const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(current.slug, '/status'), statusBody(action), signal), parseCampaign);
    if (!outcome) return;
    if (!outcome.ok) {
      button.focus();
      return;
    }
    announce.say(t.changed[action]);
    update(outcome.value, true);
  };

  let current = initial;
  const cosigners = cosignerSection(initial, canEdit, signal);
  const update = (c: Campaign, focus = false): void => {
    // "Draft created" and the like describe the state before this change.
    if (c !== initial) flash?.remove();
    current = c;
    renderHeader(c);
    renderStatus(c, focus);
    cosigners.update(c);
    translations.update(c);
    languages = Object.keys(c.translations);
    exportsSection.refreshTranslations();
  };

  const flash = flashNotice();
  const translations = renderTranslations(initial, canEdit, signal, (c) => update(c));
  const dashboard = renderDashboard(initial.slug, initial.goal);
  page.cleanups.push(dashboard.cleanup);
  // The dossier may add the campaign's translations; the export panel asks which, from the latest read.
  let languages = Object.keys(initial.translations);
  const exportsSection = renderExports(initial.slug, me.role, signal, () => languages);
  page.cleanups.push(exportsSection.cleanup);

  replaceChildren(
    content,
    h('article', { class: 'org-campaign' }, badges, heading, links, flash, announce.el, statusSection, dashboard.el, translations.el, exportsSection.el, cosigners.el, embedSection(initial)),
  );
  update(initial);
  ctx.ready(heading, initial.title);
}

/**
 * The widget snippets to copy: the script (sizes itself) and a plain iframe. Without data-lang the
 * widget follows each reader's browser, which is what most organisations want.
 */
function embedSection(c: Campaign): HTMLElement {
  const site = location.origin;
  return h(
    'section',
    { class: 'org-section', 'aria-labelledby': 'embed-heading' },
    h('h2', { id: 'embed-heading' }, t.embedTitle),
    h('p', { class: 'hint' }, t.embedIntro),
    copyField('embed-script', t.embedScript, scriptSnippet(site, c.slug)),
    copyField('embed-iframe', t.embedIframe, iframeSnippet(site, c.slug, c.title)),
  );
}

function deliveryForm(c: Campaign, signal: AbortSignal, onDone: (updated: Campaign) => void): HTMLElement {
  const today = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const on = field('delivery-on', t.deliveredOn, h('input', { type: 'date', required: true }));
  on.control.value = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  const to = field('delivery-to', t.deliveredTo, h('input', { type: 'text', required: true, maxlength: 300 }), { hint: t.deliveredToHint });
  const method = field('delivery-method', t.method, select(DELIVERY_METHODS, t.methods, 'in-person'));
  const note = field('delivery-note', t.note, h('textarea', { rows: 3, maxlength: 2000 }), { optional: strings.org.editor.optional });
  return actionForm({
    heading: h('h3', {}, t.deliveryTitle),
    attrs: { class: 'org-form delivery-form', id: 'delivery-form', 'aria-label': t.deliveryTitle },
    submitLabel: t.deliverySubmit,
    busyLabel: strings.org.editor.saving,
    fields: { deliveredOn: on, to, method, note },
    check: () => Object.fromEntries(Object.entries({ deliveredOn: on, to }).filter(([, f]) => f.control.value.trim() === '').map(([key]) => [key, strings.org.validation.required])),
    send: () => {
      const body: Delivery = { deliveredOn: on.control.value, to: to.control.value.trim(), method: method.control.value as Delivery['method'] };
      if (note.control.value.trim() !== '') body.note = note.control.value.trim();
      return orgSend('POST', orgCampaignApiPath(c.slug, '/delivery'), body, signal);
    },
    parse: parseCampaign,
    done: onDone,
  });
}

function cosignerSection(c: Campaign, canEdit: boolean, signal: AbortSignal): { el: HTMLElement; update(c: Campaign): void } {
  const s = strings.org.cosigners;
  const list = h('div', {});
  const result = h('div', { class: 'invite-result' });
  const errors = messageBox();
  const create = h('button', { type: 'button', class: 'button button-secondary' }, s.create);
  const busy = busyButton(create, s.creating);
  const countryName = countryNamer(locale);
  let slug = c.slug;

  create.addEventListener('click', () => {
    void (async () => {
      errors.show();
      const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(slug, '/cosign-invites'), {}, signal), parseInvite);
      if (!outcome?.ok) return;
      const invite = outcome.value;
      const until = invite.expiresAt ? formatShortDate(invite.expiresAt) : '';
      replaceChildren(result, copyField('invite-url', s.link, invite.url, until ? fill(s.linkHint, { date: until }) : undefined));
      result.querySelector<HTMLInputElement>('input')?.focus();
    })();
  });

  const el = h(
    'section',
    { class: 'org-section', 'aria-labelledby': 'cosigners-heading' },
    h('h2', { id: 'cosigners-heading' }, s.title),
    list,
    canEdit ? h('p', { class: 'hint' }, s.intro) : null,
    canEdit ? create : null,
    errors.el,
    result,
  );
  const update = (campaign: Campaign): void => {
    slug = campaign.slug;
    // Invitations make sense while signatures are still collected (drafts too, to prepare).
    create.hidden = campaign.status === 'delivered';
    if (campaign.cosigners.length === 0) {
      replaceChildren(list, h('p', { class: 'muted' }, s.none));
      return;
    }
    replaceChildren(
      list,
      h(
        'ul',
        { class: 'cosigner-list' },
        ...campaign.cosigners.map((co) =>
          h(
            'li',
            {},
            co.website ? h('a', { href: co.website, rel: 'noopener noreferrer nofollow', target: '_blank' }, co.name) : co.name,
            co.country ? ` · ${countryName(co.country)}` : null,
            co.signedAt ? h('span', { class: 'muted' }, ` · ${formatShortDate(co.signedAt)}`) : null,
          ),
        ),
      ),
    );
  };
  update(c);
  return { el, update };
}
