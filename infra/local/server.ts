/**
 * The local stand-in for API Gateway (HTTP API, payload 2.0) and CloudFront: turns each request into
 * the event Lambda would receive, calls the handler module named in the route table, and writes its
 * response back. Everything else is served from the built web page.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import { securityHeaders, securityHeadersFor } from '../security-headers.ts';
import type { Route } from '#routes';
import { IMAGE_LIMITS } from '#rules/limits.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  route: Route;
  /** The path this entry matches when it is an alias (an older path); else the route's own. */
  path?: string;
  pattern: RegExp;
  params: string[];
  handler: Handler;
}

/** Largest body the local server accepts (API Gateway's own limit is 10 MB). */
const MAX_BODY = 1024 * 1024;


const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function compile(path: string): { pattern: RegExp; params: string[] } {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), params };
}

/**
 * Imports every handler up front, so a broken module fails the start, not the first request. A route
 * with aliases (older paths) is matched on each of them, as API Gateway does with the stack's extra
 * routes, and its event carries the route key of the path that matched.
 */
export async function loadRoutes(routes: readonly Route[], repoRoot: string): Promise<CompiledRoute[]> {
  const loaded = await Promise.all(
    routes.map(async (route) => {
      const module = await import(pathToFileURL(join(repoRoot, route.entry)).href);
      if (typeof module.handler !== 'function') throw new Error(`${route.entry} does not export a handler`);
      const handler = module.handler as Handler;
      return [route.path, ...(route.aliases ?? [])].map((path) => ({ route, path, ...compile(path), handler }));
    }),
  );
  return loaded.flat();
}

function readBody(req: IncomingMessage, max = MAX_BODY): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(Object.assign(new Error('body too large'), { statusCode: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isText(contentType: string): boolean {
  return /^(text\/|application\/([\w.+-]+\+)?json|application\/x-www-form-urlencoded)/i.test(contentType);
}

/** The API Gateway HTTP API (payload format 2.0) event for one request. */
export function toEvent(
  req: IncomingMessage,
  body: Buffer,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim()).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const text = isText(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length
      ? { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text }
      : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2;
}

function sendJson(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...securityHeaders, ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}

async function serveStatic(res: ServerResponse, webRoot: string, pathname: string, head: boolean) {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return sendJson(res, 400, 'bad_path', 'Malformed path.');
  }
  const root = resolve(webRoot);
  let file = resolve(root, normalize(`.${relative}`));
  if (file !== root && !file.startsWith(root + sep)) return sendJson(res, 404, 'not_found', 'Not found.');
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const content = await readFile(file);
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=60',
      // The embed page may be framed by any site; everything else by none.
      ...securityHeadersFor(pathname),
    });
    res.end(head ? undefined : content);
  } catch {
    sendJson(res, 404, 'not_found', 'Not found.');
  }
}

/** An object of the site bucket (what functions publish for CloudFront to serve), or undefined. */
export type SiteObjects = (key: string) => Promise<{ body: Uint8Array; contentType?: string; cacheControl?: string } | undefined>;

/** The paths CloudFront serves from what functions publish to the site bucket: share cards only, so far. */
const PUBLISHED = /^\/c\/([a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9]))\/card\.png$/;

async function servePublished(res: ServerResponse, site: SiteObjects, pathname: string, head: boolean) {
  const found = await site(pathname.slice(1));
  if (!found) return sendJson(res, 404, 'not_found', 'Not found.');
  res.writeHead(200, {
    'content-type': found.contentType ?? 'application/octet-stream',
    ...(found.cacheControl ? { 'cache-control': found.cacheControl } : {}),
    ...securityHeadersFor(pathname),
  });
  res.end(head ? undefined : found.body);
}


/**
 * What CloudFront's `/uploads/*` and `/media/*` behaviours do in AWS (issue #17, item 5): an
 * organiser's browser PUTs an image to its presigned upload address on the site's own origin, and
 * published images are served from the site bucket. Here both go to the S3 stand-in the handlers
 * use (AWS_ENDPOINT_URL_S3, UPLOADS_BUCKET, SITE_BUCKET), path-style. s3rver checks no signature,
 * so the size cap is held here as S3 holds the signed length; the type is checked again on attach.
 */
async function proxyToS3(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<boolean> {
  const endpoint = process.env.AWS_ENDPOINT_URL_S3;
  const upload = url.pathname.startsWith('/uploads/') && method === 'PUT';
  const media = url.pathname.startsWith('/media/') && (method === 'GET' || method === 'HEAD');
  if (!endpoint || (!upload && !media)) return false;
  const bucket = upload ? process.env.UPLOADS_BUCKET : process.env.SITE_BUCKET;
  if (!bucket) return false;
  if (url.pathname.includes('..') || url.pathname.includes('//')) {
    sendJson(res, 404, 'not_found', 'Not found.');
    return true;
  }
  const target = `${endpoint}/${bucket}${url.pathname}${upload ? url.search : ''}`;
  if (upload) {
    const declared = Number(req.headers['content-length']);
    if (!Number.isFinite(declared) || declared > IMAGE_LIMITS.maxBytes) {
      sendJson(res, 413, 'too_large', 'The request is too large.');
      req.resume();
      return true;
    }
    const body = await readBody(req, IMAGE_LIMITS.maxBytes);
    const answer = await fetch(target, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': String(req.headers['content-type'] ?? 'application/octet-stream') } });
    res.writeHead(answer.status, { ...securityHeaders, 'content-type': answer.headers.get('content-type') ?? 'application/xml' });
    res.end(Buffer.from(await answer.arrayBuffer()));
    return true;
  }
  const answer = await fetch(target, { method });
  if (!answer.ok) {
    sendJson(res, 404, 'not_found', 'Not found.');
    return true;
  }
  res.writeHead(200, {
    ...securityHeadersFor(url.pathname),
    'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
    'cache-control': 'public, max-age=31536000, immutable',
  });
  res.end(method === 'HEAD' ? undefined : Buffer.from(await answer.arrayBuffer()));
  return true;
}

/**
 * A published campaign page (`/c/<slug>`, `/c/<slug>/<lang>`), as CloudFront serves it from the site
 * bucket; undefined when it is none or not published yet.
 */
export type PageSource = (pathname: string) => Promise<string | undefined>;

/** Serves a campaign page: the published file, or else the shell (the page's script shows the campaign, or says it is not found). */
async function servePage(res: ServerResponse, webRoot: string, html: string | undefined, head: boolean) {
  const body = html === undefined ? await readFile(join(webRoot, 'index.html')) : Buffer.from(html);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': html === undefined ? 'no-cache' : 'public, max-age=60',
    ...securityHeadersFor('/'),
  });
  res.end(head ? undefined : body);
}


export function createLocalServer(
  compiled: CompiledRoute[],
  webRoot: string,
  site?: SiteObjects,
  pages?: { keyOf: (pathname: string) => string | undefined; read: PageSource },
): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    try {
      const matches = compiled
        .map((c) => ({ c, m: c.pattern.exec(url.pathname) }))
        .filter((x): x is { c: CompiledRoute; m: RegExpExecArray } => x.m !== null);
      if (matches.length === 0) {
        if (url.pathname.startsWith('/api/')) return sendJson(res, 404, 'not_found', 'No such API route.');
        if (await proxyToS3(req, res, url, method)) return;
        if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, 'method_not_allowed', 'Method not allowed.');
        if (site && PUBLISHED.test(url.pathname)) return await servePublished(res, site, url.pathname, method === 'HEAD');
        const pageKey = pages?.keyOf(url.pathname);
        if (pages && pageKey) return await servePage(res, webRoot, await pages.read(pageKey), method === 'HEAD');
        return await serveStatic(res, webRoot, url.pathname, method === 'HEAD');
      }
      const match = matches.find(({ c }) => c.route.method === method);
      if (!match) {
        return sendJson(res, 405, 'method_not_allowed', 'Method not allowed.', {
          allow: matches.map(({ c }) => c.route.method).join(', '),
        });
      }
      const { c, m } = match;
      let pathParameters: Record<string, string> | undefined;
      if (c.params.length) {
        try {
          pathParameters = Object.fromEntries(c.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)]));
        } catch {
          return sendJson(res, 400, 'bad_path', 'Malformed path.');
        }
      }
      const body = await readBody(req);
      const routeKey = `${c.route.method} ${c.path ?? c.route.path}`;
      const result = await c.handler(toEvent(req, body, url, routeKey, pathParameters), lambdaContext(c.route.name));
      const headers: Record<string, string | string[]> = { ...securityHeaders };
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) return sendJson(res, 413, 'too_large', 'The request is too large.');
      // What API Gateway answers when a function crashes; details stay in the server's log.
      console.error(`[server] ${method} ${url.pathname}: ${(error as Error).name}`);
      if (!res.headersSent) sendJson(res, 500, 'internal', 'Internal Server Error');
      else res.end();
    }
  });
}
