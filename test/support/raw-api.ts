/**
 * For resilience tests: the local server's own request listener (infra/local/server.ts), driven with
 * raw requests — a request target exactly as it would stand on the wire, header values and body
 * bytes as given — either in-process (thousands of requests a second, no socket each) or through a
 * real loopback socket and Node's HTTP parser, to check that the two agree.
 *
 * In-process, the request is what Node's parser would hand the listener: the target unparsed, header
 * names lower-cased, the body streamed. Everything from there on (routing, path decoding, the body
 * limit, the API Gateway event, the handler) is the server's own code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { checkAnswer } from './contract.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RawRequest {
  method: string;
  /** The request target as sent: path and query, percent-encoded or not, unnormalised. */
  target: string;
  /** Header values must be Latin-1 without control characters, as HTTP allows (RFC 9110 field-value). */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function contentTypeOf(headers: Record<string, string | string[]>): string | undefined {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return Array.isArray(value) ? value[0] : value;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Call after useLocalTables(): the handlers read the test tables' environment at import. */
export async function startRawApi() {
  const [{ routes }, { loadRoutes, createLocalServer }] = await Promise.all([import('#routes'), import('../../infra/local/server.ts')]);
  const webRoot = mkdtempSync(join(tmpdir(), 'undersigned-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Undersigned</title>');
  const server = createLocalServer(await loadRoutes(routes, repoRoot), webRoot);
  const listener = server.listeners('request')[0] as Listener;

  /** The request through the server's listener, without a socket. */
  function dispatch(request: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = Object.assign(new PassThrough(), {
        method: request.method,
        url: request.target,
        // As Node's parser gives them: names in lower case, values without surrounding whitespace.
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v.replace(/^[ \t]+|[ \t]+$/g, '')])),
        httpVersion: '1.1',
        socket: { remoteAddress: '127.0.0.1' },
      });
      const chunks: Buffer[] = [];
      let status = 0;
      let headers: Record<string, string | string[]> = {};
      const res = {
        headersSent: false,
        writeHead(code: number, h: Record<string, string | string[]> = {}) {
          status = code;
          headers = h;
          res.headersSent = true;
          return res;
        },
        end(chunk?: Uint8Array | string) {
          if (chunk !== undefined) chunks.push(Buffer.from(chunk));
          if (!res.headersSent) return reject(new Error('The server ended a response without a status.'));
          const body = Buffer.concat(chunks);
          // Every answer is held to the OpenAPI document (./contract.ts): one that does not fit rejects.
          checkAnswer(request.method, request.target, { status, contentType: contentTypeOf(headers), body }).then(
            () => resolve({ status, headers, body }),
            reject,
          );
          return res;
        },
      };
      listener(req as unknown as IncomingMessage, res as unknown as ServerResponse);
      req.end(request.body === undefined ? undefined : Buffer.from(request.body));
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** The same request over a loopback socket, through Node's HTTP client and parser. */
  function send(request: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: request.method,
          path: request.target,
          agent,
          headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const answer = { status: res.statusCode ?? 0, headers: res.headers as RawResponse['headers'], body: Buffer.concat(chunks) };
            checkAnswer(request.method, request.target, { ...answer, contentType: contentTypeOf(answer.headers) }).then(() => resolve(answer), reject);
          });
          res.on('error', reject);
        },
      );
      // The server stops reading a body over its limit and answers 413 at once: a write still in
      // flight then fails with EPIPE/ECONNRESET after the answer, which is not the server's fault.
      req.on('error', reject);
      req.end(request.body === undefined ? undefined : Buffer.from(request.body));
    });
  }

  return {
    dispatch,
    send,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
