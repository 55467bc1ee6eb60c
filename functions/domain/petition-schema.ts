/**
 * What an organiser may send to create a campaign (zod). Kept apart from petition.ts so only the
 * routes that validate campaign input bundle zod.
 */
import { z } from 'zod';
import { PETITION_KINDS, PETITION_STATUSES } from './petition.ts';

const text = (max: number) => z.string().trim().min(1, 'This field is required.').max(max, `At most ${max} characters.`);

export const targetSchema = z.strictObject({
  name: text(200),
  office: text(200).optional(),
  email: z.email('Enter a valid email address.').max(254).optional(),
});

export const newPetitionSchema = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/, 'Use 3–80 lowercase letters, digits and hyphens.'),
  kind: z.enum(PETITION_KINDS, 'Choose petition or letter.'),
  title: text(200),
  text: text(20_000),
  targets: z.array(targetSchema).min(1, 'Name at least one target.').max(20, 'At most 20 targets.'),
  goal: z.int('Enter a whole number.').min(1, 'The goal must be at least 1.').max(100_000_000),
  status: z.enum(PETITION_STATUSES).default('open'),
  deadline: z.iso.datetime({ offset: true, error: 'Use an ISO date-time, e.g. 2027-03-01T00:00:00Z.' }).optional(),
  /** Show confirmed signers who opted in, as first name + initial + country. Off unless asked for. */
  publicSigners: z.boolean('Use true or false.').default(false),
  /** Days after the campaign closes before signers' personal data is erased (counts are kept). */
  retentionDays: z
    .int('Enter a whole number of days.')
    .min(1, 'At least 1 day.')
    .max(3650, 'At most 3650 days (10 years).')
    .default(90),
});

export type NewPetition = z.output<typeof newPetitionSchema>;
export type Target = z.output<typeof targetSchema>;

