/** GET /api/health — the process is up. No dependency checks: a health check must not cost a read. */
import { httpHandler, json } from '#lib/http.ts';

export const handler = httpHandler(async () => json(200, { status: 'ok' }));
