/**
 * What a campaign is: a petition, or a letter addressed to one or more authorities (the targets).
 * Pure rules, no I/O. The input schema lives in petition-schema.ts, so read paths that only show a
 * campaign do not bundle the validator.
 */
import type { NewPetition } from './petition-schema.ts';

export type { NewPetition, Target } from './petition-schema.ts';

export const PETITION_KINDS = ['petition', 'letter'] as const;
export const PETITION_STATUSES = ['open', 'closed'] as const;
/** Signature partitions per campaign; see docs/data-model.md for the arithmetic. */
export const DEFAULT_SIGNATURE_SHARDS = 16;

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
