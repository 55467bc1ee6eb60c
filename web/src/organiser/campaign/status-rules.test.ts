/**
 * When the organiser's campaign page offers Edit.
 */
import { describe, it, expect } from 'vitest';
import { canEditCampaign } from './status-rules.ts';

describe('editing a campaign', () => {
  it('is offered to editors and owners, and never for a delivered campaign (the server refuses it)', () => {
    for (const status of ['draft', 'open', 'closed'] as const) {
      expect(canEditCampaign(status, 'editor')).toBe(true);
      expect(canEditCampaign(status, 'owner')).toBe(true);
      expect(canEditCampaign(status, 'viewer')).toBe(false);
    }
    expect(canEditCampaign('delivered', 'owner')).toBe(false);
    expect(canEditCampaign('delivered', 'editor')).toBe(false);
  });
});
