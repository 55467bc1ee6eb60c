/**
 * The one guard the page keeps on an API answer: is it an object at all? The shapes are the OpenAPI
 * document's (./contract.ts), which the server's answers are held to by the tests; a proxy's HTML
 * error page or an empty body is not an object, and must show an error instead of throwing.
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
