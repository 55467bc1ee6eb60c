/**
 * For tests: a stored campaign as the campaign editor would write it (open, 16 shards, country
 * required, comment optional, text version 1), and seeding one into the test tables.
 */
import type { Petition } from '#rules/petition.ts';

export function storedCampaign(slug: string, overrides: Partial<Petition> = {}): Petition {
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
export async function seedCampaign(slug: string, overrides: Partial<Petition> = {}): Promise<Petition> {
  const { createCampaign } = await import('#store/petitions.ts');
  const petition = storedCampaign(slug, overrides);
  if (!(await createCampaign(petition))) throw new Error(`Campaign ${slug} exists already.`);
  return petition;
}
