/**
 * The organiser campaign page's changing parts as lit-html templates of its state: the header
 * (badges, title, links) and the status section (what the status means, the delivery record, the
 * actions with their inline confirmation, the versions). campaign-page.ts keeps the state and draws.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import { formatShortDate } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { ORG_HASH, orgCampaignHash, campaignHash } from '../../app/routes.ts';
import { deliveryLine } from '../../campaign/campaign-page.ts';
import { confirmView } from '../shell/confirm-view.ts';
import { canEditCampaign, statusActions, type StatusAction } from './status-rules.ts';
import type { Campaign } from '../shell/campaign-data.ts';
import type { Role } from '../shell/roles.ts';
import { live, strings } from '../../app/strings.ts';

const t = live(() => strings.org.campaign);

export function headerLinks(c: Campaign, role: Role): TemplateResult {
  return html`<a href=${ORG_HASH.home} class="back">${t.back}</a>${c.status !== 'draft' ? html`<a href=${campaignHash(c.slug)}>${t.publicPage}</a>` : nothing}${canEditCampaign(c.status, role) ? html`<a href=${orgCampaignHash(c.slug, true)}>${t.edit}</a>` : nothing}`;
}

export type Change = Exclude<StatusAction, 'deliver'>;

export interface StatusState {
  campaign: Campaign;
  /** The change being confirmed, and the one whose request is in flight. */
  asking: Change | null;
  busy: Change | null;
  deliveryOpen: boolean;
}

export interface StatusParts {
  role: Role;
  /** The delivery form (its own fields keep what is typed), the message box. */
  deliveryForm: HTMLElement | null;
  errors: HTMLElement;
  ask(action: Change): void;
  cancel(action: Change): void;
  change(action: Change): void;
  toggleDelivery(): void;
}

export function statusView(s: StatusState, p: StatusParts): TemplateResult {
  const c = s.campaign;
  const actions = statusActions(c.status, p.role);
  return html`<h2 id="status-heading" tabindex="-1">${t.statusTitle}</h2><p>${t.statusText[c.status]}</p>${deliveryRecord(c)}<div class="button-row">${actions.map((action) =>
    action === 'deliver'
      ? html`<button type="button" class="button button-secondary" aria-expanded=${String(s.deliveryOpen)} aria-controls="delivery-form" @click=${p.toggleDelivery}>${t.action.deliver}</button>`
      : changeButton(action, s, p),
  )}</div>${actions.includes('deliver') ? p.deliveryForm : nothing}${p.errors}${versionsView(c)}`;
}

function changeButton(action: Change, s: StatusState, p: StatusParts): TemplateResult {
  const busy = s.busy === action;
  const asking = s.asking === action;
  return html`<button type="button" class=${`button ${action === 'close' ? 'button-secondary' : 'button-primary button-inline'}`} data-trigger=${action} ?hidden=${asking} ?disabled=${busy} aria-busy=${busy ? 'true' : nothing} @click=${() => p.ask(action)}>${busy ? strings.org.working : t.action[action]}</button>${asking ? confirmView(t.confirm[action], t.action[action], () => p.change(action), () => p.cancel(action), action === 'close') : nothing}`;
}

function deliveryRecord(c: Campaign): TemplateResult | typeof nothing {
  if (!c.delivery) return nothing;
  return html`<div class="delivery-record"><p>${deliveryLine(c.delivery)}</p>${c.delivery.note ? html`<p class="muted">${c.delivery.note}</p>` : nothing}</div>`;
}

function versionsView(c: Campaign): TemplateResult | typeof nothing {
  if (c.versions.length === 0) return nothing;
  return html`<details class="versions"><summary>${`${t.versions} (${c.versions.length})`}</summary><p>${fill(t.currentVersion, { version: c.version })}</p><ul>${c.versions.map((v) => html`<li>${fill(t.versionLine, { version: v.version, date: formatShortDate(v.savedAt) })}</li>`)}</ul></details>`;
}
