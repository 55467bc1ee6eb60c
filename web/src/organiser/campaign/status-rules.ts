/**
 * Which status changes and edits the organiser's campaign page offers, by status and role. Pure.
 */
import { CAMPAIGN_LIMITS, DAY, type DeliveryMethod, storedLength } from '../../../../functions/rules/limits.ts';
import type { Body } from '../../app/contract.ts';
import type { CampaignStatus } from '../shell/campaign-data.ts';
import { hasRole, type Role } from '../shell/roles.ts';

export type StatusAction = 'open' | 'close' | 'reopen' | 'deliver';

/** The status changes offered for a campaign: what the server allows from this status, for editors and owners. */
/** Whether the campaign's Edit is offered: an editor's, and never once delivered (the server refuses it, 409 `delivered`). */
export function canEditCampaign(status: CampaignStatus, role: Role): boolean {
  return hasRole(role, 'editor') && status !== 'delivered';
}

export function statusActions(status: CampaignStatus, role: Role): StatusAction[] {
  if (!hasRole(role, 'editor')) return [];
  switch (status) {
    case 'draft':
      return ['open'];
    case 'open':
      return ['close'];
    case 'closed':
      return ['reopen', 'deliver'];
    case 'delivered':
      return [];
  }
}

/** The body of POST …/status for an action (delivery has its own form and route). */
export function statusBody(action: Exclude<StatusAction, 'deliver'>): Body<'set-campaign-status'> {
  return { status: action === 'close' ? 'closed' : 'open' };
}

// ---------------------------------------------------------------------------------------------

/** The delivery form's controls, as strings. */
export interface DeliveryForm {
  deliveredOn: string;
  to: string;
  method: DeliveryMethod;
  note: string;
}

/**
 * Which delivery fields cannot be sent: empty ones (`required`), and, as the server checks them
 * (functions/rules/limits.ts), a day that is not a calendar day (`date`) or a text too long
 * (`tooLong`). The characters a text may hold are the server's check, answered on the field.
 */
export function deliveryProblems(form: DeliveryForm): Partial<Record<keyof DeliveryForm, 'required' | 'date' | 'tooLong'>> {
  const e: Partial<Record<keyof DeliveryForm, 'required' | 'date' | 'tooLong'>> = {};
  const day = form.deliveredOn.trim();
  if (day === '') e.deliveredOn = 'required';
  else if (!isCalendarDay(day)) e.deliveredOn = 'date';
  if (form.to.trim() === '') e.to = 'required';
  else if (storedLength(form.to) > CAMPAIGN_LIMITS.deliveryTo) e.to = 'tooLong';
  if (storedLength(form.note, { multiline: true }) > CAMPAIGN_LIMITS.deliveryNote) e.note = 'tooLong';
  return e;
}

function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const at = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().startsWith(day);
}

/** The body of POST …/delivery: trimmed, without an empty note. */
export function deliveryBody(form: DeliveryForm): Body<'record-delivery'> {
  const body: Body<'record-delivery'> = { deliveredOn: form.deliveredOn.trim(), to: form.to.trim(), method: form.method };
  if (form.note.trim() !== '') body.note = form.note.trim();
  return body;
}
