/**
 * What a campaign is: a petition, or a letter addressed to one or more authorities (the targets).
 * Pure: schemas and rules, no I/O.
 */
import { z } from 'zod';

export const PETITION_KINDS = ['petition', 'letter'] as const;
export const PETITION_STATUSES = ['open', 'closed'] as const;
/** Signature partitions per campaign; see docs/data-model.md for the arithmetic. */
export const DEFAULT_SIGNATURE_SHARDS = 16;

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
});

export type NewPetition = z.output<typeof newPetitionSchema>;
export type Target = z.output<typeof targetSchema>;

export interface Petition extends NewPetition {
  shards: number;
  createdAt: string;
  updatedAt: string;
}

/** Open for signatures: open status and the deadline, if any, not yet passed. */
export function isOpenForSigning(petition: Pick<Petition, 'status' | 'deadline'>, now: Date): boolean {
  if (petition.status !== 'open') return false;
  return !petition.deadline || Date.parse(petition.deadline) > now.getTime();
}

/** The public view of a campaign: nothing internal (shard count, keys) leaves the API. */
export function publicPetition(petition: Petition, count: number, asOf: string | undefined, now: Date) {
  return {
    slug: petition.slug,
    kind: petition.kind,
    title: petition.title,
    text: petition.text,
    targets: petition.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: petition.goal,
    status: isOpenForSigning(petition, now) ? 'open' : 'closed',
    ...(petition.deadline ? { deadline: petition.deadline } : {}),
    count,
    asOf: asOf ?? petition.createdAt,
  };
}
