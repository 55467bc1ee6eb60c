/**
 * For the local commands (recount, retention): point the SDK at the running local stack's engines
 * (DynamoDB Local, and the S3 stand-in for export files), found through .local/endpoints.json. When PETITIONS_TABLE is already set, the caller has chosen
 * its tables (e.g. real AWS ones) and nothing is changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function useLocalEngines(): Promise<void> {
  const endpointsFile = join(fileURLToPath(new URL('../..', import.meta.url)), '.local', 'endpoints.json');
  if (process.env.PETITIONS_TABLE || !existsSync(endpointsFile)) return;
  const { dynamodb, s3 } = JSON.parse(readFileSync(endpointsFile, 'utf8'));
  const [{ LOCAL_TABLE_PREFIX, localAwsEnv, tableEnv }, { LOCAL_EXPORTS_BUCKET, localS3Env }] = await Promise.all([
    import('./dynamodb.ts'),
    import('./s3.ts'),
  ]);
  Object.assign(process.env, localAwsEnv(dynamodb), tableEnv(LOCAL_TABLE_PREFIX));
  // The retention job deletes an erased campaign's export files from the local S3.
  if (s3) Object.assign(process.env, localS3Env({ url: s3, bucket: LOCAL_EXPORTS_BUCKET }));
}
