/**
 * The API reference is generated from the route table and the handlers' own zod schemas: every route
 * is in it, with its parameters, its body schema, its answers and its security; Redocly's recommended
 * rules find no error in it; it refuses the bodies the server refuses; and the committed client types
 * are what openapi-typescript makes of it.
 */
import './unit-env.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { invoke, httpEvent } from './http-event.ts';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const { routes } = await import('#routes');
const { operations } = await import('#openapi/operations.ts');
const { handler } = await import('#http/get-openapi.ts');

async function document() {
  const response = await invoke(handler, httpEvent({ method: 'GET', path: '/api/openapi.json' }));
  expect(response.statusCode).toBe(200);
  return response.json as any;
}

describe('GET /api/openapi.json', () => {
  it('describes every route of the route table, and nothing else', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(Object.keys(operations).sort()).toEqual(routes.map((r) => r.name).sort());
  });

  it('takes request bodies from the zod schemas the handlers validate with', async () => {
    const doc = await document();
    const sign = doc.paths['/api/campaigns/{slug}/signatures'].post;
    const schema = sign.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'email', 'altcha']));
    expect(schema.properties.name.maxLength ?? schema.properties.name).toBeTruthy();
    expect(schema.additionalProperties).toBe(false);
    expect(sign.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'slug', required: true }));
  });

  it('describes the token list from the schema its handler answers with: who made each token, and whether it works', async () => {
    const doc = await document();
    const resolve = (schema: any) => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)] : schema);
    const list = resolve(doc.paths['/api/org/tokens'].get.responses['200'].content['application/json'].schema);
    const token = resolve(list.properties.tokens.items);
    expect(token.required).toEqual(expect.arrayContaining(['id', 'name', 'role', 'createdAt', 'createdBy', 'active']));
    expect(token.properties.createdBy.required).toEqual(['id']);
    expect(Object.keys(token.properties.createdBy.properties).sort()).toEqual(['email', 'id']);
    const created = resolve(doc.paths['/api/org/tokens'].post.responses['201'].content['application/json'].schema);
    expect(created.required).toEqual(expect.arrayContaining(['token', 'createdBy']));
    // A draft may take another slug: the editor's PATCH says so.
    expect(doc.paths['/api/org/campaigns/{slug}'].patch.requestBody.content['application/json'].schema.properties).toHaveProperty('slug');
  });

  it('marks organiser routes with their security and least role, and public ones with none (security: [])', async () => {
    const doc = await document();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiToken', 'session']);
    for (const route of routes) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      if (route.organiser) {
        expect(op.security, route.name).toEqual([{ session: [] }, { apiToken: [] }]);
        expect(op.description).toContain(route.organiser);
        expect(op.responses).toHaveProperty('401');
      } else {
        expect(op.security, route.name).toEqual([]);
      }
    }
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('describes the success body of every route (204s have none), so a new route cannot leave it out', async () => {
    const doc = await document();
    for (const route of routes) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      const [status, answer] = Object.entries(op.responses).find(([code]) => code.startsWith('2')) as [string, any];
      if (status === '204') expect(answer.content, route.name).toBeUndefined();
      else expect(answer.content?.['application/json']?.schema, route.name).toBeTruthy();
    }
  });

  it('lists the statuses each route answers beyond success', async () => {
    const doc = await document();
    const statuses = (name: string) => {
      const route = routes.find((r) => r.name === name)!;
      return Object.keys(doc.paths[route.path][route.method.toLowerCase()].responses);
    };
    for (const name of ['sign', 'create-campaign', 'invite-member', 'record-delivery', 'put-translation', 'start-export', 'set-campaign-status', 'confirm-signature', 'cosign']) {
      expect(statuses(name), name).toContain('409');
    }
    expect(statuses('confirm-signature')).toEqual(expect.arrayContaining(['404', '410']));
    expect(statuses('preview-signature')).toContain('410');
    expect(statuses('start-session')).toContain('401');
    for (const route of routes) {
      const listed = statuses(route.name);
      // Every route reads a body if one is sent, whatever its method: 400 invalid_json, 413 and 415 on all.
      expect(listed, route.name).toEqual(expect.arrayContaining(['400', '413', '415', '429', '500', '503']));
      // A write without a body schema may still carry `{}`, as the page sends with every write (CSRF).
      const op = doc.paths[route.path][route.method.toLowerCase()];
      if (route.method !== 'GET' && !(operations as Record<string, { body?: unknown }>)[route.name]!.body) {
        expect(op.requestBody, route.name).toMatchObject({ required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } });
      }
    }
  });

  it('passes Redocly\'s recommended rules (redocly.yaml) with no error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'undersigned-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(await document()));
    const cli = join(repoRoot, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json'], {
      cwd: repoRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((failed: { stdout: string }) => failed);
    const report = JSON.parse(run.stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);
});

describe('request bodies: the document refuses what the server refuses', async () => {
  const doc = await document();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
  const { parseInput } = await import('#lib/http.ts');
  const altcha = 'x';
  const requestOf = (name: string) => {
    const route = routes.find((r) => r.name === name)!;
    const pointer = ['paths', route.path, route.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'].map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    return { documented: ajv.compile({ $ref: `openapi#/${pointer}` }), schema: (operations as Record<string, { body?: any }>)[name]!.body };
  };
  const signer = { name: 'Nino Beridze', email: 'nino@example.org', country: 'GE', altcha };
  const refused: [string, string, unknown][] = [
    ['sign', 'an address without a domain', { ...signer, email: 'nino@' }],
    ['sign', 'a name of 201 letters', { ...signer, name: 'a'.repeat(201) }],
    ['sign', 'an unknown country', { ...signer, country: 'XX' }],
    ['sign', 'a comment of 1001 characters', { ...signer, comment: 'c'.repeat(1001) }],
    ['sign', 'no name', { ...signer, name: '' }],
    ['sign', 'a field it does not know', { ...signer, extra: 1 }],
    ['request-sign-in', 'an address without a domain', { email: 'org@', altcha }],
    ['invite-member', 'an address that is no address', { email: 'not an address', role: 'editor' }],
    ['cosign', 'an unknown country', { token: 'a'.repeat(43), name: 'Friends', country: 'ZZ' }],
    ['cosign', 'a name of 201 characters', { token: 'a'.repeat(43), name: 'n'.repeat(201), country: 'GE' }],
    ['record-delivery', 'a day that does not exist', { deliveredOn: '2026-02-30', to: 'The President', method: 'post' }],
    ['create-campaign', 'an unknown language', { slug: 'a-letter', kind: 'letter', title: 'T', text: 'x', targets: [{ name: 'P' }], goal: 1, language: 'xx' }],
    ['create-campaign', 'an impossible deadline', { slug: 'a-letter', kind: 'letter', title: 'T', text: 'x', targets: [{ name: 'P' }], goal: 1, deadline: '2026-13-45T99:00:00Z' }],
    ['start-export', 'an unknown format', { format: 'xlsx' }],
  ];
  it.each(refused)('%s: %s', (name, _what, body) => {
    const { documented, schema } = requestOf(name);
    expect(() => parseInput(schema, body)).toThrow();
    expect(documented(body)).toBe(false);
  });

  const accepted: [string, unknown][] = [
    ['sign', { ...signer, comment: 'Free them.', showName: true, source: { host: 'partner.example.org', tag: 'spring' } }],
    ['cosign', { token: 'a'.repeat(43), name: 'Friends of the Court', country: 'GE', website: 'https://friends.example.org' }],
    ['record-delivery', { deliveredOn: '2028-02-29', to: 'The President', method: 'in-person', note: 'By hand.' }],
    ['create-campaign', { slug: 'a-letter', kind: 'letter', title: 'T', text: 'x', targets: [{ name: 'P', email: 'p@example.org' }], goal: 1, deadline: '2027-01-01T00:00:00+04:00', language: 'ka' }],
  ];
  it.each(accepted)('%s: a body the server takes fits the document too', (name, body) => {
    const { documented, schema } = requestOf(name);
    expect(() => parseInput(schema, body)).not.toThrow();
    expect(documented(body), JSON.stringify(documented.errors)).toBe(true);
  });

  it('takes translation languages in the path from the list the server accepts', () => {
    const put = doc.paths['/api/org/campaigns/{slug}/translations/{lang}'].put;
    expect(put.parameters.find((p: { name: string }) => p.name === 'lang').schema.enum).toContain('ka');
  });
});

describe('the committed client types (functions/openapi/client-types.ts)', () => {
  it('are what openapi-typescript makes of the document now: run `npm run openapi:types` after changing a route or schema', async () => {
    const { clientTypes, clientTypesFile } = await import('../../infra/local/openapi-types.ts');
    expect(readFileSync(clientTypesFile, 'utf8')).toBe(await clientTypes());
  }, 30_000);
});

describe('the check every integration test applies to its answers (test/support/contract.ts)', () => {
  const json = 'application/json; charset=utf-8';
  it('refuses an undocumented status, a field the schema does not have, a wrong type, a body where none is documented, and non-JSON', async () => {
    const { checkAnswer } = await import('../support/contract.ts');
    const count = '/api/campaigns/a-letter/count';
    await expect(checkAnswer('GET', count, { status: 200, contentType: json, body: '{"count":3,"asOf":"2026-12-06T05:00:00.000Z"}' })).resolves.toBeUndefined();
    await expect(checkAnswer('GET', count, { status: 409, contentType: json, body: '{}' })).rejects.toThrow(/does not list/);
    await expect(checkAnswer('GET', count, { status: 200, contentType: json, body: '{"count":3,"pending":1}' })).rejects.toThrow(/refuses/);
    await expect(checkAnswer('GET', count, { status: 200, contentType: json, body: '{"count":"3"}' })).rejects.toThrow(/refuses/);
    await expect(checkAnswer('GET', count, { status: 200, contentType: 'text/plain', body: '{"count":3}' })).rejects.toThrow(/not JSON/);
    await expect(checkAnswer('DELETE', '/api/auth/session', { status: 204, contentType: undefined, body: '{}' })).rejects.toThrow(/says none/);
    await expect(
      checkAnswer('POST', '/api/campaigns/a-letter/signatures', { status: 409, contentType: json, body: '{"error":{"code":"closed","message":"Closed."}}' }),
    ).resolves.toBeUndefined();
    // Not an operation: the local server's own answers (unknown API path, a method the path lacks) are not checked.
    await expect(checkAnswer('GET', '/api/nowhere', { status: 404, contentType: json, body: '{}' })).resolves.toBeUndefined();
  });
});
