/** GET /api/openapi.json — the API reference, generated once per container from the route table. */
import { httpHandler, json } from '#lib/http.ts';
import { routes } from '#routes';
import { openApiDocument } from '#openapi/document.ts';
import type { Answer } from '#openapi/operations.ts';

const body = openApiDocument(routes);

export const handler = httpHandler(async () => json<Answer<'get-openapi'>>(200, body, { 'cache-control': 'public, max-age=300' }));
