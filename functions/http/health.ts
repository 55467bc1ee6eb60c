/** GET /api/health — the process is up. No dependency checks: a health check must not cost a read. */
import { httpHandler, json } from '#lib/http.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async () => json<Answer<'health'>>(200, { status: 'ok' }));
