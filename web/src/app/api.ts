/**
 * Fetch wrappers. They never throw: every outcome is a value the views can switch on. Every request
 * says the page's language, so the server answers errors and sends mails in it.
 */
import { lang } from './strings.ts';

export type ApiResult =
  | { kind: 'response'; status: number; ok: boolean; body: unknown }
  | { kind: 'network' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

async function request(path: string, init: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: string; headers?: Record<string, string> }, signal: AbortSignal | undefined, timeoutMs: number): Promise<ApiResult> {
  // One controller for both the caller's signal and the timeout (no AbortSignal.any/timeout: older phones lack them).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  if (signal?.aborted) controller.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(path, {
      ...init,
      signal: controller.signal,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json', 'Accept-Language': lang, ...init.headers },
    });
    let body: unknown = null;
    const text = await res.text();
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { kind: 'response', status: res.status, ok: res.ok, body };
  } catch {
    if (signal?.aborted) return { kind: 'aborted' };
    if (timedOut) return { kind: 'timeout' };
    return { kind: 'network' };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

export function getJson(path: string, signal?: AbortSignal, timeoutMs = 15_000): Promise<ApiResult> {
  return request(path, { method: 'GET' }, signal, timeoutMs);
}

export function postJson(path: string, body: unknown, signal?: AbortSignal, timeoutMs = 20_000): Promise<ApiResult> {
  return request(
    path,
    { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } },
    signal,
    timeoutMs,
  );
}

/** PATCH, POST or DELETE with a JSON body (every organiser write has one: see docs/organisers.md on CSRF). */
export function sendJson(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, signal?: AbortSignal, timeoutMs = 20_000): Promise<ApiResult> {
  return request(path, { method, body: JSON.stringify(body ?? {}), headers: { 'Content-Type': 'application/json' } }, signal, timeoutMs);
}
