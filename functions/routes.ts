/**
 * The one route table. The CDK stack creates one Lambda function and one HTTP API route per entry;
 * the local server (infra/local/server.ts) matches requests against the same entries and calls the
 * same handler modules. Add a route here and both places get it.
 */
export type Access = 'read' | 'write' | 'readwrite';

export interface Route {
  /** Function name suffix and a stable id for tests. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** HTTP API path syntax: `{param}` for a path parameter. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** Least-privilege table access the handler needs, by table id. */
  tables: Partial<Record<'Petitions' | 'Signatures', Access>>;
  /** Secrets the handler reads at start-up, by environment variable name. */
  secrets: ('HASH_KEY' | 'ORGANISER_TOKEN')[];
}

export const routes: readonly Route[] = [
  { name: 'health', method: 'GET', path: '/api/health', entry: 'functions/http/health.ts', tables: {}, secrets: [] },
  {
    name: 'list-petitions',
    method: 'GET',
    path: '/api/petitions',
    entry: 'functions/http/list-petitions.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },
  {
    name: 'create-petition',
    method: 'POST',
    path: '/api/petitions',
    entry: 'functions/http/create-petition.ts',
    tables: { Petitions: 'write' },
    secrets: ['ORGANISER_TOKEN'],
  },
  {
    name: 'get-petition',
    method: 'GET',
    path: '/api/petitions/{slug}',
    entry: 'functions/http/get-petition.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },
  {
    name: 'get-count',
    method: 'GET',
    path: '/api/petitions/{slug}/count',
    entry: 'functions/http/get-count.ts',
    tables: { Petitions: 'read' },
    secrets: [],
  },
  {
    name: 'sign',
    method: 'POST',
    path: '/api/petitions/{slug}/signatures',
    entry: 'functions/http/sign.ts',
    tables: { Petitions: 'read', Signatures: 'write' },
    secrets: ['HASH_KEY'],
  },
];

/** The stream consumer: not an HTTP route, but wired from the same place. */
export const streamConsumers = [
  {
    name: 'count-signatures',
    entry: 'functions/streams/count-signatures.ts',
    source: 'Signatures' as const,
    tables: { Petitions: 'readwrite' } as Route['tables'],
    secrets: [] as Route['secrets'],
  },
];
