/**
 * The DynamoDB tables, described once as plain data. The CDK stack (infra/) builds real tables from
 * these descriptions and the local stack (infra/local/) creates the same tables in DynamoDB Local, so
 * the two cannot drift. Handlers only ever see the table *name*, through the environment variable
 * named here.
 */
export interface TableDefinition {
  /** Logical id in the stack and suffix of the local table name. */
  id: 'Petitions' | 'Signatures';
  /** Environment variable through which functions learn the physical table name. */
  env: 'PETITIONS_TABLE' | 'SIGNATURES_TABLE';
  partitionKey: string;
  sortKey: string;
  /** Stream view type when the table feeds the count aggregation; undefined = no stream. */
  stream?: 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry, for items DynamoDB may delete by itself. */
  timeToLiveAttribute?: string;
  globalIndexes: { name: string; partitionKey: string; sortKey: string }[];
}

/** Petitions table: one partition per campaign — its text (META) and its counter (COUNT). */
export const petitionsTable: TableDefinition = {
  id: 'Petitions',
  env: 'PETITIONS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  // Sparse: only META items carry listStatus, so the index lists campaigns, not counters.
  globalIndexes: [{ name: 'byStatus', partitionKey: 'listStatus', sortKey: 'createdAt' }],
};

/** Signatures table: write-sharded by the keyed hash of the email; its stream feeds the counts. */
export const signaturesTable: TableDefinition = {
  id: 'Signatures',
  env: 'SIGNATURES_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  stream: 'NEW_AND_OLD_IMAGES',
  globalIndexes: [],
};

export const tables: readonly TableDefinition[] = [petitionsTable, signaturesTable];
