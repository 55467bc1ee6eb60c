/**
 * A stored campaign item (sk META) as DynamoDB returns it, for unit tests that mock the petitions
 * table. Open, 16 shards, no public list, unless overridden.
 */
export function campaignItem(slug: string, overrides: Record<string, unknown> = {}) {
  return {
    pk: slug,
    sk: 'META',
    slug,
    kind: 'petition',
    title: 'Free the press',
    text: 'Release the journalists.',
    targets: [{ name: 'Parliament' }],
    goal: 1000,
    status: 'open',
    shards: 16,
    publicSigners: false,
    retentionDays: 90,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    listStatus: 'open',
    ...overrides,
  };
}

/** What a mocked client was asked: the inputs of every call of one command, optionally on one table. */
export function inputsOf(mock: { commandCalls(command: any): { args: [{ input: unknown }] }[] }, command: unknown, table?: string) {
  return mock
    .commandCalls(command)
    .map((call) => call.args[0].input as Record<string, any>)
    .filter((input) => table === undefined || input.TableName === table);
}
