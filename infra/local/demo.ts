/**
 * Demo content for a first local start. Every person and organisation here is fictional.
 */
import type { NewPetition } from '#domain/petition.ts';

export const demoCampaigns: NewPetition[] = [
  {
    slug: 'free-nadia-and-levan',
    kind: 'letter',
    title: 'Release Nadia Karimova and Levan Abashidze',
    text: [
      'Dear President,',
      'We, the undersigned, write to ask for the immediate release of Nadia Karimova and Levan Abashidze, ' +
        'two human-rights defenders sentenced in closed trials to six and seven years in prison.',
      'Ms Karimova documented the conditions of detainees for more than ten years. Mr Abashidze represented ' +
        'over a hundred people before the European Court of Human Rights. Both were convicted on charges ' +
        'that international observers have called fabricated.',
      'We ask you to release them, to drop all charges, and to guarantee that those who defend human rights ' +
        'in your country can do so without fear.',
      'Respectfully,',
    ].join('\n\n'),
    targets: [{ name: 'The President of the Republic', office: 'Office of the President' }],
    goal: 5000,
    status: 'open',
    // The letter shows who signed (those who chose to be listed): a coalition letter's strength.
    publicSigners: true,
    retentionDays: 90,
  },
  {
    slug: 'save-the-riverside-park',
    kind: 'petition',
    title: 'Keep Riverside Park a public park',
    text: [
      'The city plans to lease half of Riverside Park to a private developer for a parking garage.',
      'The park is the only green space within walking distance for twelve thousand residents of the old ' +
        'town. We ask the Mayor and the City Council to cancel the lease, to publish every document about ' +
        'it, and to hold a public hearing before any decision about the park is taken.',
    ].join('\n\n'),
    targets: [
      { name: 'The Mayor', office: 'City Hall' },
      { name: 'The City Council', office: 'City Hall' },
    ],
    goal: 2000,
    status: 'open',
    publicSigners: false,
    retentionDays: 90,
  },
];
