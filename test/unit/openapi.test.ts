/**
 * The API reference is generated from the route table and the handlers' own zod schemas: every route
 * is in it, with its parameters, its body schema and its security.
 */
import './unit-env.ts';
import { describe, expect, it } from 'vitest';
import { invoke, httpEvent } from './http-event.ts';

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
    const sign = doc.paths['/api/petitions/{slug}/signatures'].post;
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

  it('marks organiser routes with their security and least role, and public ones with none', async () => {
    const doc = await document();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiToken', 'session']);
    for (const route of routes) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      if (route.organiser) {
        expect(op.security, route.name).toEqual([{ session: [] }, { apiToken: [] }]);
        expect(op.description).toContain(route.organiser);
        expect(op.responses).toHaveProperty('401');
      } else {
        expect(op.security, route.name).toBeUndefined();
      }
    }
  });
});
