/**
 * For integration tests that attack every organiser route at once: a real request to each (a valid
 * body, the path filled with real ids), and a dump of every table to prove that a refusal changed
 * nothing. Shared by organiser-access.test.ts and access-ends.test.ts.
 */
import type { Route } from '#routes';
import { campaign } from './local-api.ts';
import { rawScan } from './raw-items.ts';

/**
 * A request each route above viewer would act on (a valid body, real ids): refused for who asks
 * only, not for a malformed request that would have changed nothing anyway.
 */
export const validBodies: Record<string, unknown> = {
  'invite-member': { email: 'invited.by.viewer@example.org', role: 'owner' },
  'update-member': { role: 'owner' },
  'update-org-profile': { name: 'Renamed by a viewer', contact: 'viewer@example.org', controller: 'A viewer says so.' },
  'remove-member': undefined,
  'list-tokens': undefined,
  'create-token': { name: 'Viewer bot', role: 'editor' },
  'revoke-token': undefined,
  'create-campaign': campaign('made-by-a-viewer'),
  'update-campaign': { title: 'Changed by a viewer' },
  'set-campaign-status': { status: 'closed' },
  'record-delivery': { deliveredOn: '2026-11-24', to: 'The President', method: 'post' },
  'create-cosign-invite': {},
  'put-translation': { title: 'Звільніть їх', text: 'Шановний Президенте,' },
  'delete-translation': undefined,
  'start-export': { format: 'csv' },
  'get-export': undefined,
  'start-image-upload': { contentType: 'image/jpeg', size: 1000 },
  'attach-campaign-image': { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d', alt: 'Put there by a viewer' },
  'start-logo-upload': { contentType: 'image/png', size: 1000 },
  'attach-org-logo': { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d' },
  'remove-org-logo': undefined,
};

/** The route's path with its parameters filled in (a well-formed id where none is given). */
export function pathOf(route: Route, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? '0123456789abcdef'));
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any; text: string }>;

/** Calls a route as `headers` would, with its valid body (or `body`). */
export function callRoute(call: Call, route: Route, headers: Record<string, string>, params: Record<string, string>, body?: unknown) {
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return call(route.method, pathOf(route, params), hasBody ? (body ?? validBodies[route.name] ?? {}) : undefined, headers);
}

/** Every table of the test, item by item, as stored: "nothing changed" means this is equal. */
export async function everything(tables: Record<string, string | undefined>): Promise<string> {
  const dump: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(tables).sort()) {
    dump[name] = (await rawScan(table!)).map((item) => JSON.stringify(item)).sort();
  }
  return JSON.stringify(dump);
}
