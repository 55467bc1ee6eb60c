/**
 * For integration tests: what a browser does before it signs. Fetches a challenge from the API,
 * solves it with altcha-lib's own solver (the widget's algorithm), and encodes the payload the way
 * the widget does. With CHALLENGE_COST=1 (set by useLocalTables) a solve takes milliseconds.
 */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>;

export async function solvedChallenge(call: Call): Promise<string> {
  const response = await call('GET', '/api/challenge');
  if (response.status !== 200) throw new Error(`GET /api/challenge answered ${response.status}`);
  return solve(response.json as Challenge);
}

export async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('Could not solve the challenge.');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** Signs like the page: a fresh solved challenge with every submission. */
export async function signLikeBrowser(call: Call, slug: string, signer: Record<string, unknown>, headers?: Record<string, string>) {
  const altcha = await solvedChallenge(call);
  return call('POST', `/api/campaigns/${slug}/signatures`, { ...signer, altcha }, headers);
}
