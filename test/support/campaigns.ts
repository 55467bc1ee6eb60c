/**
 * For tests: a stored campaign as the campaign editor would write it (open, 16 shards, country
 * required, comment optional, text version 1), and seeding one into the test tables.
 */
import type { Campaign } from '#rules/campaign.ts';

export function storedCampaign(slug: string, overrides: Partial<Campaign> = {}): Campaign {
  const now = new Date().toISOString();
  return {
    slug,
    kind: 'letter',
    title: 'T',
    text: 'T',
    targets: [{ name: 'The President' }],
    goal: 100,
    status: 'open',
    publicSigners: false,
    retentionDays: 90,
    signerFields: { country: 'required', comment: 'optional' },
    version: 1,
    shards: 16,
    createdAt: now,
    updatedAt: now,
    openedAt: now,
    ...overrides,
  };
}

/** Writes the campaign and its zeroed counter; call after useLocalTables(). */
export async function seedCampaign(slug: string, overrides: Partial<Campaign> = {}): Promise<Campaign> {
  const { createCampaign } = await import('#store/campaigns.ts');
  const campaign = storedCampaign(slug, overrides);
  if (!(await createCampaign(campaign))) throw new Error(`Campaign ${slug} exists already.`);
  return campaign;
}
