/**
 * Configuration, read once when a module loads. A missing setting fails the cold start with a clear
 * message instead of failing the first request in some odd way.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}: the function cannot start without it.`);
  return value;
}

/**
 * A secret value: taken from the variable itself where one is set (local runs, tests), otherwise
 * fetched from Secrets Manager by the ARN in `<NAME>_SECRET_ARN` (the deployed stack sets that).
 */
export async function loadSecret(name: 'HASH_KEY' | 'SESSION_KEY'): Promise<string> {
  const direct = process.env[name];
  if (direct) return direct;
  const arn = process.env[`${name}_SECRET_ARN`];
  if (!arn) throw new Error(`Missing ${name} (or ${name}_SECRET_ARN): the function cannot start without it.`);
  const value = await getSecret(arn);
  if (typeof value !== 'string' || value.length < 32) throw new Error(`Secret ${name} is empty or too short.`);
  return value;
}
