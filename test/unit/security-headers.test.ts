/**
 * The page's security headers: only the widget's embed page may be framed, by any site; every other
 * page by none. The local server applies them by path (infra/local/server.ts), CloudFront by a cache
 * behaviour (test/infra/stack.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, EMBED_CONTENT_SECURITY_POLICY, securityHeadersFor } from '../../infra/security-headers.ts';

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));

describe('security headers', () => {
  it('the embed page may be framed by any site and sends no X-Frame-Options', () => {
    const headers = securityHeadersFor('/embed.html');
    expect(directives(headers['content-security-policy']!).get('frame-ancestors')).toBe('*');
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/', '/index.html', '/app.js', '/widget.js', '/embed.html/', '/embed.htm', '/api/petitions'])('%s may not be framed', (path) => {
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
