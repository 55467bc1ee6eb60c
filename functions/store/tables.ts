/**
 * The DynamoDB tables, described once as plain data. The CDK stack (infra/) builds real tables from
 * these descriptions and the local stack (infra/local/) creates the same tables in DynamoDB Local, so
 * the two cannot drift. Handlers only ever see the table *name*, through the environment variable
 * named here.
 */
export interface TableDefinition {
  /** Logical id in the stack and suffix of the local table name. */
  id: 'Petitions' | 'Signatures' | 'Signals' | 'Organisations' | 'Jobs';
  /** Environment variable through which functions learn the physical table name. */
  env: 'PETITIONS_TABLE' | 'SIGNATURES_TABLE' | 'SIGNALS_TABLE' | 'ORGANISATIONS_TABLE' | 'JOBS_TABLE';
  partitionKey: string;
  sortKey: string;
  /** Stream view type when a consumer reads the table's changes (see streamConsumers); undefined = no stream. */
  stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE';
  /** Attribute holding an epoch-seconds expiry, for items DynamoDB may delete by itself. */
  timeToLiveAttribute?: string;
  /**
   * Days point-in-time recovery can restore (DynamoDB allows 1–35), or 0 for none. Chosen per table:
   * a restore window is also how long a deleted item (a withdrawn or erased signature, a removed
   * member) can be brought back, so tables with personal data keep a short one (docs/privacy.md).
   */
  recoveryDays: number;
  /** `include`: project only these attributes (besides keys); absent: project everything. */
  globalIndexes: { name: string; partitionKey: string; sortKey: string; include?: string[] }[];
}

/** Petitions table: one partition per campaign — its text (META) and its counter (COUNT). */
export const petitionsTable: TableDefinition = {
  id: 'Petitions',
  env: 'PETITIONS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  // Read by its two consumers (a stream's limit): publish-campaign-pages (the static pages; it reads
  // the campaign again, so keys would do) and draw-share-cards (changes of META and COUNT: the card).
  stream: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
  // Campaign texts, counts and organisers' work, no personal data of signers: the longest window.
  recoveryDays: 35,
  // Sparse: only META items carry listStatus, so the index lists campaigns, not counters.
  globalIndexes: [
    { name: 'byStatus', partitionKey: 'listStatus', sortKey: 'createdAt' },
    // Sparse too (only META items carry orgId): an organisation's campaigns, with what the list shows.
    { name: 'byOrg', partitionKey: 'orgId', sortKey: 'createdAt', include: ['slug', 'kind', 'title', 'status', 'goal'] },
  ],
};

/**
 * Signatures table: write-sharded by the keyed hash of the email; its stream feeds the counts.
 * Unconfirmed signatures expire by TTL. The sparse `listed` index holds only confirmed signers who
 * chose the public list, under the same shard keys (so no index partition is hotter than the table's),
 * and projects only the public label.
 */
export const signaturesTable: TableDefinition = {
  id: 'Signatures',
  env: 'SIGNATURES_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  stream: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
  // A week to undo an operator's mistake; a withdrawn or erased signature (sealed) can be restored for
  // no longer than that.
  recoveryDays: 7,
  globalIndexes: [{ name: 'listed', partitionKey: 'listKey', sortKey: 'listedAt', include: ['label', 'country'] }],
};

/**
 * Short-lived abuse signals: used proof-of-work challenges, the daily salt of the keyed hashes,
 * velocity counters; and the period's shared data key (./data-key-periods.ts). Everything here
 * expires by TTL within two days.
 */
export const signalsTable: TableDefinition = {
  id: 'Signals',
  env: 'SIGNALS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  // None: everything here exists to expire within two days (salts, counters, quotas), and a restore
  // would only bring back what should be gone.
  recoveryDays: 0,
  globalIndexes: [],
};

/**
 * Organisations, their members, sign-in requests, one-time sign-in links and API tokens (see
 * docs/organisers.md). Small and rarely written; sign-in requests and links expire by TTL. A new
 * sign-in request's INSERT on the stream is answered by the consumer answer-sign-ins.
 */
export const organisationsTable: TableDefinition = {
  id: 'Organisations',
  env: 'ORGANISATIONS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  // Members' addresses: a removed member can be restored for a week, no longer.
  recoveryDays: 7,
  stream: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [],
};

/**
 * Background jobs (exports), one partition per campaign: sk `JOB#<job id>`, ids ordered by time so a
 * Query newest-first lists a campaign's exports, and `ACTIVE`, the lock that allows one running export
 * per campaign. A new job's INSERT on the stream starts the job runner. Records are kept a year as the
 * export log; the files themselves expire from the bucket after days.
 */
export const jobsTable: TableDefinition = {
  id: 'Jobs',
  env: 'JOBS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  // The export log (who exported how many rows, when): no personal data of signers.
  recoveryDays: 35,
  stream: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [],
};

export const tables: readonly TableDefinition[] = [petitionsTable, signaturesTable, signalsTable, organisationsTable, jobsTable];
