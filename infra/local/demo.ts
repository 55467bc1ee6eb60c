/**
 * Demo content for a first local start. Every person and organisation here is fictional. The
 * campaigns belong to the demo organisation (id `demo`) that `npm start` creates.
 */
import { DEFAULT_SIGNATURE_SHARDS, type NewCampaign, type Campaign } from '#rules/campaign.ts';

export const DEMO_ORG_ID = 'demo';

export const demoCampaigns: NewCampaign[] = [
  {
    slug: 'free-nadia-and-levan',
    kind: 'letter',
    title: 'Release Nadia Karimova and Levan Abashidze',
    text: [
      'Dear President, dear Minister,',
      'We, the undersigned, write to ask for the **immediate release** of Nadia Karimova and Levan Abashidze, ' +
        'two human-rights defenders sentenced in closed trials to six and seven years in prison.',
      'Ms Karimova documented the conditions of detainees for more than ten years. Mr Abashidze represented ' +
        'over a hundred people before the European Court of Human Rights. Both were convicted on charges ' +
        'that international observers have called fabricated.',
      'We ask you to release them, to drop all charges, and to guarantee that those who defend human rights ' +
        'in your country can do so without fear.',
      'Respectfully,',
    ].join('\n\n'),
    targets: [
      { name: 'The President of the Republic', office: 'Office of the President' },
      { name: 'The Minister of Justice', office: 'Ministry of Justice' },
    ],
    goal: 5000,
    status: 'open',
    language: 'en',
    // The letter shows who signed (those who chose to be listed): a coalition letter's strength.
    publicSigners: true,
    retentionDays: 90,
    signerFields: { country: 'required', comment: 'optional' },
  },
  {
    slug: 'save-the-riverside-park',
    kind: 'petition',
    title: 'Keep Riverside Park a public park',
    text: [
      'The city plans to lease half of Riverside Park to a private developer for a parking garage.',
      'The park is the only green space within walking distance for twelve thousand residents of the old ' +
        'town. We ask the Mayor and the City Council:',
      [
        '- to cancel the lease;',
        '- to publish every document about it;',
        '- to hold a public hearing before any decision about the park is taken.',
      ].join('\n'),
    ].join('\n\n'),
    targets: [
      { name: 'The Mayor', office: 'City Hall' },
      { name: 'The City Council', office: 'City Hall' },
    ],
    goal: 2000,
    status: 'open',
    language: 'en',
    publicSigners: false,
    retentionDays: 90,
    // A local petition: residents need not say where they are from, and comments are welcome.
    signerFields: { country: 'optional', comment: 'optional' },
  },
];

/** The demo campaigns as stored: in the demo organisation, open since `now`. */
export function demoCampaignRecords(now: Date): Campaign[] {
  const at = now.toISOString();
  return demoCampaigns.map((campaign) => ({
    ...campaign,
    orgId: DEMO_ORG_ID,
    version: 1,
    shards: DEFAULT_SIGNATURE_SHARDS,
    createdAt: at,
    updatedAt: at,
    ...(campaign.status === 'open' ? { openedAt: at } : {}),
  }));
}
