/**
 * The local stand-in for Amazon SES (v2 API): aws-ses-v2-local, a fake SES server that keeps every
 * mail it is sent, shows them at its URL and returns them as JSON at `GET /store`.
 *
 * It runs in a process of its own, as DynamoDB Local does, because its mail store is a module-level
 * singleton: two fakes in one process would share one mailbox. It listens on loopback only, since
 * the mails it shows carry working confirmation links.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from './dynamodb.ts';

export interface LocalSes {
  /** The SES endpoint, the mailbox page and, at `/store`, the mails as JSON. */
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const cli = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');

/** Starts the SES fake and resolves once it answers. Without a port, any free loopback port. */
export async function startLocalSes({ port }: { port?: number } = {}): Promise<LocalSes> {
  // freePort() lets the port go before the fake takes it, so another process can win the race; the
  // fake then exits at once, and a port of our own choosing is simply tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(port ?? (await freePort()));
    } catch (error) {
      if (port !== undefined || attempt >= 3 || !(error instanceof EarlyExit)) throw error;
    }
  }
}

/** The environment that points the SDK's SES v2 client — and so the mailer — at the fake. */
export function localMailEnv(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_SESV2: url };
}

class EarlyExit extends Error {}

async function launch(port: number): Promise<LocalSes> {
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });

  // Its "running" line is the proof that this process holds the port: a health check alone could
  // be answered by whoever won the port race.
  const deadline = Date.now() + 20_000;
  while (!(output.includes('server running at') && (await answers(url)))) {
    if (exited !== undefined) throw new EarlyExit(`The SES fake exited (code ${exited}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The SES fake did not answer within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return { url, process: child, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health-check`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
