/**
 * The OpenAPI document as a check on every answer the tests get: the shared HTTP helpers
 * (./local-api.ts, ./raw-api.ts) pass each answer of a documented operation here, and an answer that
 * does not fit (a status the operation does not list, a body its schema refuses, a JSON answer
 * without a JSON content type, a body where none is documented) throws, failing the test that got it.
 *
 * The schemas are JSON Schema 2020-12 (OpenAPI 3.1), checked with ajv and ajv-formats.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Route } from '#routes';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface Contract {
  routes: { route: Route; pattern: RegExp }[];
  responses: (route: Route, status: number) => { body: 'none' | ValidateFunction } | undefined;
}

let loaded: Promise<Contract> | undefined;

/** The document the server serves, and a validator per documented response (compiled once, when first used). */
export function contract(): Promise<Contract> {
  loaded ??= (async () => {
    const [{ routes }, { openApiDocument }] = await Promise.all([import('#routes'), import('#openapi/document.ts')]);
    const document = JSON.parse(JSON.stringify(openApiDocument(routes))) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi');
    const compiled = new Map<string, { body: 'none' | ValidateFunction }>();
    const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    return {
      // An alias (an older path, Route['aliases']) answers as its route does: held to the route's entry.
      routes: routes.flatMap((route) => [route.path, ...(route.aliases ?? [])].map((path) => ({ route, pattern: patternOf(path) }))),
      responses(route, status) {
        const key = `${route.method} ${route.path} ${status}`;
        const cached = compiled.get(key);
        if (cached) return cached;
        const method = route.method.toLowerCase();
        const documented = document.paths[route.path]?.[method]?.responses[String(status)];
        if (!documented) return undefined;
        const entry = documented.content?.['application/json']
          ? { body: ajv.compile({ $ref: `openapi#/${pointer('paths', route.path, method, 'responses', String(status), 'content', 'application/json', 'schema')}` }) }
          : { body: 'none' as const };
        compiled.set(key, entry);
        return entry;
      },
    };
  })();
  return loaded;
}

/** The route table's path as the local server matches it (infra/local/server.ts): a parameter is one segment. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export class ContractError extends Error {
  override name = 'ContractError';
}

/**
 * Throws unless the answer fits the document. Requests that reach no operation (a path outside the
 * route table, a method the path does not have) are the local server's, not an operation's, and
 * are not checked.
 */
export async function checkAnswer(
  method: string,
  target: string,
  answer: { status: number; contentType: string | undefined; body: string | Uint8Array },
): Promise<void> {
  let pathname: string;
  try {
    pathname = new URL(target, 'http://localhost').pathname;
  } catch {
    return;
  }
  const { routes, responses } = await contract();
  // As the server picks: the first route of the table with this method whose path matches.
  const route = routes.find(({ route, pattern }) => route.method === method.toUpperCase() && pattern.test(pathname))?.route;
  if (!route) return;
  const what = `${method.toUpperCase()} ${pathname} (${route.name}) answered ${answer.status}`;
  const documented = responses(route, answer.status);
  if (!documented) throw new ContractError(`${what}, a status its OpenAPI operation does not list.`);
  const text = typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body).toString('utf8');
  if (documented.body === 'none') {
    if (text.length > 0) throw new ContractError(`${what} with a body, where the document says none.`);
    return;
  }
  if (!/^application\/json\b/i.test(answer.contentType ?? '')) throw new ContractError(`${what} with content type ${answer.contentType}, not JSON.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ContractError(`${what} with a body that is not JSON.`);
  }
  if (!documented.body(body)) {
    const errors = (documented.body.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    throw new ContractError(`${what} with a body its OpenAPI schema refuses:\n  ${errors.join('\n  ')}`);
  }
}

/**
 * invoke() of test/unit/http-event.ts, for integration tests that call a handler directly: its
 * result is held to the document as the HTTP helpers' answers are.
 */
export async function invoke(...args: Parameters<typeof import('../unit/http-event.ts').invoke>) {
  const { invoke: plain } = await import('../unit/http-event.ts');
  const [, event] = args;
  const result = await plain(...args);
  const contentType = Object.entries(result.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  await checkAnswer(event.requestContext.http.method, event.rawPath, { status: result.statusCode ?? 200, contentType, body: result.rawBody });
  return result;
}

/** fetch(), with the answer held to the document (for a whole local stack, or an openapi-fetch client). */
export async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const response = await fetch(request);
  await checkAnswer(request.method, request.url, {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: await response.clone().text(),
  });
  return response;
}
