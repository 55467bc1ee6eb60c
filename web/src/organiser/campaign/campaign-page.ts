/**
 * `#/org/c/<slug>`: one campaign for its organisers: status and its changes (open, close, reopen,
 * record delivery), the live dashboard, exports and co-signing organisations. The header and the
 * status section are lit-html templates of the campaign and what is being asked or sent
 * (status-view.ts), drawn again after every change.
 */
import { render } from 'lit-html';
import { kindBadge } from '../../ui/common.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatShortDate, locale } from '../../app/format.ts';
import { countryNamer } from '../../app/countries.ts';
import { DELIVERY_METHODS } from '../../campaign/campaign-data.ts';
import { fill } from '../../app/text.ts';
import { renderDashboard } from '../dashboard/dashboard.ts';
import { iframeSnippet, scriptSnippet } from '../../embed/embed-rules.ts';
import { renderExports } from '../exports/exports.ts';
import { renderTranslations } from '../translations/translations.ts';
import { copyField, flashNotice, type OrgPage, orgPage, orgSend, runAction, statusBadge } from '../shell/common.ts';
import { focusConfirm } from '../shell/confirm-view.ts';
import { headerLinks, statusView, type Change, type StatusParts, type StatusState } from './status-view.ts';
import { field } from '../../ui/field.ts';
import { select } from '../../ui/select.ts';
import { actionForm } from '../shell/action-form.ts';
import { loadCampaign } from '../shell/campaign-load.ts';
import { problemMessages } from '../shell/org-errors.ts';
import { liveStatus, messageBox } from '../../ui/form.ts';
import { busyButton } from '../../ui/busy-button.ts';
import { deliveryBody, deliveryProblems, statusActions, statusBody, type DeliveryForm } from './status-rules.ts';
import { CAMPAIGN_LIMITS } from '../../../../functions/rules/limits.ts';
import { hasRole } from '../shell/roles.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import { readCampaign, type Campaign } from '../shell/campaign-data.ts';
import { readInvite } from '../cosigning/cosign-rules.ts';
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
  const errors = messageBox();
  const state: StatusState = { campaign: initial, asking: null, busy: null, deliveryOpen: false };
  let deliveryEl: HTMLElement | null = null;

  const drawStatus = (): void => {
    if (deliveryEl) deliveryEl.hidden = !state.deliveryOpen;
    render(statusView(state, parts), statusSection);
  };
  const trigger = (action: Change): HTMLElement | null => statusSection.querySelector(`[data-trigger="${action}"]`);
  const parts: StatusParts = {
    role: me.role,
    get deliveryForm() {
      return deliveryEl;
    },
    errors: errors.el,
    ask: (action) => {
      state.asking = action;
      drawStatus();
      focusConfirm(statusSection);
    },
    cancel: (action) => {
      state.asking = null;
      drawStatus();
      trigger(action)?.focus();
    },
    change: (action) => void change(action),
    toggleDelivery: () => {
      state.deliveryOpen = !state.deliveryOpen;
      drawStatus();
      if (state.deliveryOpen) deliveryEl?.querySelector<HTMLElement>('input')?.focus();
    },
  };

  const renderHeader = (c: Campaign): void => {
    heading.textContent = c.title;
    replaceChildren(badges, statusBadge(c.status), kindBadge(c.kind));
    render(headerLinks(c, me.role), links);
  };

  /** A new status: its section drawn afresh (a new delivery form, no question open, no old error). */
  const renderStatus = (c: Campaign, focusAfter = false): void => {
    state.campaign = c;
    state.asking = null;
    state.deliveryOpen = false;
    errors.show();
    deliveryEl = statusActions(c.status, me.role).includes('deliver')
      ? deliveryForm(c, signal, (updated) => {
          announce.say(strings.org.campaign.delivered);
          update(updated, true);
        })
      : null;
    drawStatus();
    if (focusAfter) statusSection.querySelector<HTMLElement>('#status-heading')?.focus();
  };

  const change = async (action: Change): Promise<void> => {
    state.asking = null;
    const busy = { start: () => ((state.busy = action), drawStatus()), stop: () => ((state.busy = null), drawStatus()) };
    const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(current.slug, '/status'), statusBody(action), signal), readCampaign);
    if (!outcome) return;
    if (!outcome.ok) {
      trigger(action)?.focus();
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
  const to = field('delivery-to', t.deliveredTo, h('input', { type: 'text', required: true, maxlength: CAMPAIGN_LIMITS.deliveryTo }), { hint: t.deliveredToHint });
  const method = field('delivery-method', t.method, select(DELIVERY_METHODS, t.methods, 'in-person'));
  const note = field('delivery-note', t.note, h('textarea', { rows: 3, maxlength: CAMPAIGN_LIMITS.deliveryNote }), { optional: strings.org.editor.optional });
  /** The form as the rules read it: what is checked is what is sent. */
  const read = (): DeliveryForm => ({ deliveredOn: on.control.value, to: to.control.value, method: method.control.value as DeliveryForm['method'], note: note.control.value });
  return actionForm({
    heading: h('h3', {}, t.deliveryTitle),
    attrs: { class: 'org-form delivery-form', id: 'delivery-form', 'aria-label': t.deliveryTitle },
    submitLabel: t.deliverySubmit,
    busyLabel: strings.org.editor.saving,
    fields: { deliveredOn: on, to, method, note },
    check: () => problemMessages(deliveryProblems(read()), strings.org.validation, { to: CAMPAIGN_LIMITS.deliveryTo, note: CAMPAIGN_LIMITS.deliveryNote }),
    send: () => orgSend('POST', orgCampaignApiPath(c.slug, '/delivery'), deliveryBody(read()), signal),
    parse: readCampaign,
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
      const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(slug, '/cosign-invites'), {}, signal), readInvite);
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
