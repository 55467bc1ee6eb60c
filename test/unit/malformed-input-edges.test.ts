/**
 * The edges test/resilience/malformed-input.test.ts found in generated requests, kept here so that
 * `npm test` holds them too: a field named `__proto__` and a nested unknown field are named by their
 * path; a confirm/withdraw body with another field is refused by name; a path parameter longer than
 * any key is not found before DynamoDB sees it (which would answer an error, a 500).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { httpEvent, invoke } from './http-event.ts';

void unitEnv;
const ddb = mockClient(DynamoDBDocumentClient);
const { parseInput } = await import('#lib/http.ts');
const { HttpError } = await import('#lib/errors.ts');
const { linkToken } = await import('#rules/tokens.ts');
const { default: en } = await import('../../functions/i18n/en.ts');
const { handler: getCount } = await import('#http/get-count.ts');
const { handler: cosign } = await import('#http/cosign.ts');

beforeEach(() => ddb.reset());

function refusal(fn: () => unknown): InstanceType<typeof HttpError> {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('Not refused.');
}

describe('fields are named by their path', () => {
  const schema = z.strictObject({ email: z.string(), source: z.optional(z.strictObject({ host: z.string() })) });

  it('an extra field called __proto__ is named, and stays a field in the JSON answer', () => {
    const error = refusal(() => parseInput(schema, JSON.parse('{"email":"a@b.org","__proto__":1}')));
    expect(Object.keys(error.fields!)).toEqual(['__proto__']);
    const body = JSON.parse(JSON.stringify(error.body('en', en)));
    expect(Object.keys(body.error.fields)).toEqual(['__proto__']);
  });

  it('an unknown field inside an object is named with its parent: source.extra', () => {
    const error = refusal(() => parseInput(schema, { email: 'a@b.org', source: { host: 'a.org', extra: 1 } }));
    expect(Object.keys(error.fields!)).toEqual(['source.extra']);
  });
});

describe('confirm/withdraw bodies', () => {
  const token = 'a'.repeat(43);

  it('take { token } only: another field is refused by name', () => {
    expect(linkToken({ token })).toBe(token);
    expect(refusal(() => linkToken({ token, admin: true })).fields).toEqual({ admin: expect.any(String) });
    expect(Object.keys(refusal(() => linkToken(JSON.parse('{"__proto__":1}'))).fields!).sort()).toEqual(['__proto__', 'token']);
  });
});

describe('a path parameter longer than any key', () => {
  it('is a campaign not found, and DynamoDB is not asked', async () => {
    const slug = 'a'.repeat(2100);
    const counted = await invoke(getCount, httpEvent({ method: 'GET', pathParameters: { slug } }));
    expect(counted.statusCode).toBe(404);
    expect(counted.json.error.code).toBe('not_found');
    const cosigned = await invoke(cosign, httpEvent({ pathParameters: { slug }, body: JSON.stringify({ token: 'a'.repeat(43), name: 'Org', country: 'GE' }) }));
    expect(cosigned.statusCode).toBe(404);
    expect(ddb.calls()).toHaveLength(0);
  });
});
