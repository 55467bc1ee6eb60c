/**
 * For the local commands (recount, retention): point the SDK at the running local stack's engine,
 * found through .local/endpoints.json. When PETITIONS_TABLE is already set, the caller has chosen
 * its tables (e.g. real AWS ones) and nothing is changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function useLocalEngines(): Promise<void> {
  const endpointsFile = join(fileURLToPath(new URL('../..', import.meta.url)), '.local', 'endpoints.json');
  if (process.env.PETITIONS_TABLE || !existsSync(endpointsFile)) return;
  const { dynamodb } = JSON.parse(readFileSync(endpointsFile, 'utf8'));
  const { LOCAL_TABLE_PREFIX, localAwsEnv, tableEnv } = await import('./dynamodb.ts');
  Object.assign(process.env, localAwsEnv(dynamodb), tableEnv(LOCAL_TABLE_PREFIX));
}
