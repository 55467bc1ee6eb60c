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
  /** When an organiser closed it (a passed deadline closes it too; see closedSince). */
  closedAt?: string;
  /** Set by the retention job once signers' personal data has been erased. */
  personalDataErasedAt?: string;
}

/** Default days of retention for campaigns stored before retention was configurable. */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * When the campaign stopped taking signatures, or undefined while it is open: the explicit close,
 * else a passed deadline. The retention period runs from here.
 */
export function closedSince(petition: Pick<Petition, 'status' | 'deadline' | 'closedAt' | 'updatedAt'>, now: Date): Date | undefined {
  if (petition.closedAt) return new Date(petition.closedAt);
  if (petition.deadline && Date.parse(petition.deadline) <= now.getTime()) return new Date(petition.deadline);
  if (petition.status !== 'open') return new Date(petition.updatedAt);
  return undefined;
}

/** Whether signers' personal data is due for erasure: closed for longer than the retention period. */
export function isPastRetention(petition: Petition, now: Date): boolean {
  if (petition.personalDataErasedAt) return false;
  const since = closedSince(petition, now);
  if (!since) return false;
  const days = petition.retentionDays ?? DEFAULT_RETENTION_DAYS;
  return now.getTime() >= since.getTime() + days * 86_400_000;
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
    publicSigners: petition.publicSigners === true,
    status: isOpenForSigning(petition, now) ? 'open' : 'closed',
    ...(petition.deadline ? { deadline: petition.deadline } : {}),
    count,
    asOf: asOf ?? petition.createdAt,
  };
}
