/**
 * The page's security headers: only the widget's embed page may be framed, by any site; every other
 * page by none. The local server applies them by path (infra/local/server.ts), CloudFront by a cache
 * behaviour (test/infra/stack.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '#routes';
import { CONTENT_SECURITY_POLICY, EMBED_CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY, securityHeadersFor } from '../../infra/security-headers.ts';

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));

describe('security headers', () => {
  it('the embed page may be framed by any site and sends no X-Frame-Options', () => {
    const headers = securityHeadersFor('/embed.html');
    expect(directives(headers['content-security-policy']!).get('frame-ancestors')).toBe('*');
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/', '/index.html', '/app.js', '/widget.js', '/embed.html/', '/embed.htm', '/api/campaigns'])('%s may not be framed', (path) => {
    const headers = securityHeadersFor(path);
    expect(directives(headers['content-security-policy']!).get('frame-ancestors')).toBe("'none'");
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('the embed policy differs from the main one only in frame-ancestors: still nothing inline', () => {
    const main = directives(CONTENT_SECURITY_POLICY);
    const embed = directives(EMBED_CONTENT_SECURITY_POLICY);
    main.delete('frame-ancestors');
    embed.delete('frame-ancestors');
    expect(embed).toEqual(main);
    expect(EMBED_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(embed.get('script-src')).toBe("'self'");
    expect(embed.get('connect-src')).toBe("'self'");
  });
});

// ---- issue #7: the whole set, as CloudFront and the local server really send it -----------------

/** A policy's directives by name (repeated here for the additions below). */
const policy = (value: string | undefined) => directives(value ?? '');

/** The checks every response must pass: nothing inline, HSTS, nosniff, no referrer. */
function expectHardened(headers: Record<string, string | undefined>, framing: "'none'" | '*', where: string) {
  const csp = policy(headers['content-security-policy']);
  expect(csp.get('script-src'), where).toBe("'self'");
  expect(csp.get('style-src'), where).toBe("'self'");
  expect(csp.get('default-src'), where).toBe("'self'");
  expect(csp.get('object-src'), where).toBe("'none'");
  expect(csp.get('base-uri'), where).toBe("'none'");
  expect(headers['content-security-policy'], where).not.toMatch(/unsafe-(inline|eval|hashes)|data:.*script|blob:/);
  expect(csp.get('frame-ancestors'), where).toBe(framing);
  expect(headers['x-frame-options'], where).toBe(framing === '*' ? undefined : 'DENY');
  expect(headers['strict-transport-security'], where).toMatch(/^max-age=(\d+); includeSubDomains$/);
  expect(Number(/max-age=(\d+)/.exec(headers['strict-transport-security']!)![1]), where).toBeGreaterThanOrEqual(31_536_000);
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('no-referrer');
}

describe('the local server sends the security headers on every response', () => {
  let server: import('node:http').Server;
  let base: string;
  let webRoot: string;

  beforeAll(async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createLocalServer } = await import('../../infra/local/server.ts');
    webRoot = mkdtempSync(join(tmpdir(), 'undersigned-headers-'));
    for (const file of ['index.html', 'embed.html', 'app.js', 'styles.css']) writeFileSync(join(webRoot, file), 'x');
    mkdirSync(join(webRoot, 'fonts'));
    const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
      statusCode,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
    });
    const route = (method: Route['method'], path: string, pattern: RegExp, handler: () => Promise<unknown>) => ({
      route: { name: path, method, path, entry: 'none', tables: {}, secrets: [] } as Route,
      pattern,
      params: ['slug'].slice(0, path.includes('{') ? 1 : 0),
      handler: handler as never,
    });
    server = createLocalServer(
      [
        route('GET', '/api/health', /^\/api\/health$/, async () => json(200, { status: 'ok' })),
        route('GET', '/api/campaigns/{slug}', /^\/api\/petitions\/([^/]+)$/, async () => json(404, { error: { code: 'not_found' } }, { 'cache-control': 'no-store' })),
        route('POST', '/api/crash', /^\/api\/crash$/, async () => {
          throw new Error('boom');
        }),
      ],
      webRoot,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    const { rmSync } = await import('node:fs');
    rmSync(webRoot, { recursive: true, force: true });
  });

  const cases: [string, string, "'none'" | '*'][] = [
    ['GET', '/', "'none'"],
    ['GET', '/index.html', "'none'"],
    ['GET', '/app.js', "'none'"],
    ['GET', '/styles.css', "'none'"],
    ['GET', '/embed.html', '*'],
    ['GET', '/embed.html?slug=x&lang=ka', '*'],
    ['GET', '/no-such-file.html', "'none'"],
    ['GET', '/%E0%A4%A', "'none'"],
    ['POST', '/index.html', "'none'"],
    ['GET', '/api/health', "'none'"],
    ['GET', '/api/campaigns/nope', "'none'"],
    ['GET', '/api/no-such-route', "'none'"],
    ['DELETE', '/api/health', "'none'"],
    ['POST', '/api/crash', "'none'"],
  ];

  it.each(cases)('%s %s', async (method, path, framing) => {
    const previous = console.error;
    console.error = () => undefined; // the crash route's one log line
    try {
      const response = await fetch(`${base}${path}`, { method });
      expectHardened(Object.fromEntries(response.headers), framing, `${method} ${path} → ${response.status}`);
      await response.arrayBuffer();
    } finally {
      console.error = previous;
    }
  });
});

describe('CloudFront sends the same set on every path', () => {
  it('every cache behaviour has HSTS, nosniff, no referrer and a CSP with nothing inline; only /embed.html may be framed', { timeout: 90_000 }, async () => {
    const { App } = await import('aws-cdk-lib');
    const { Template } = await import('aws-cdk-lib/assertions');
    const { UndersignedStack } = await import('../../infra/stack.ts');
    const { synthContext } = await import('../infra/context.ts');
    const app = new App({ context: synthContext() });
    const resources = Template.fromStack(new UndersignedStack(app, 'Undersigned')).toJSON().Resources as Record<string, { Type: string; Properties: any }>;
    const config = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
    const behaviours = [{ PathPattern: '(default)', ...config.DefaultCacheBehavior }, ...(config.CacheBehaviors as any[])];
    expect(behaviours.map((b) => b.PathPattern)).toEqual(expect.arrayContaining(['(default)', '/embed.html', '/api/*']));
    for (const behaviour of behaviours) {
      const where = `CloudFront ${behaviour.PathPattern}`;
      // Image uploads are presigned PUTs: one sent over http is refused, not redirected (a redirect would
      // have sent the file in the clear already). Every other path redirects to https.
      expect(behaviour.ViewerProtocolPolicy, where).toBe(behaviour.PathPattern === '/uploads/*' ? 'https-only' : 'redirect-to-https');
      const security = resources[behaviour.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      for (const part of ['StrictTransportSecurity', 'ContentTypeOptions', 'ReferrerPolicy', 'ContentSecurityPolicy']) {
        expect(security[part].Override, `${where} ${part} overrides the origin's`).toBe(true);
      }
      const sts = security.StrictTransportSecurity;
      // As CloudFront writes it, to compare with what the local server sends.
      const headers: Record<string, string | undefined> = {
        'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
        'strict-transport-security': `max-age=${sts.AccessControlMaxAgeSec}${sts.IncludeSubdomains ? '; includeSubDomains' : ''}`,
        'x-content-type-options': security.ContentTypeOptions ? 'nosniff' : undefined,
        'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
        'x-frame-options': security.FrameOptions?.FrameOption,
      };
      const framing = behaviour.PathPattern === '/embed.html' ? '*' : "'none'";
      expectHardened(headers, framing, where);
      // Locally the very same values: a policy tried with `npm start` is the policy deployed.
      expect(headers, where).toEqual({ ...securityHeadersFor(framing === '*' ? '/embed.html' : '/'), 'x-frame-options': headers['x-frame-options'] });
      expect(headers['strict-transport-security'], where).toBe(STRICT_TRANSPORT_SECURITY);
    }
  });
});
