/**
 * Which status changes and edits the organiser's campaign page offers, by status and role. Pure.
 */
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
export function statusBody(action: Exclude<StatusAction, 'deliver'>): { status: 'open' | 'closed' } {
  return { status: action === 'close' ? 'closed' : 'open' };
}

// ---------------------------------------------------------------------------------------------
