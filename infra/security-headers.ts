/**
 * The page's security headers, once: CloudFront sets them in AWS (infra/constructs/static-site.ts)
 * and the local server sets the same (infra/local/server.ts), so a policy tried locally is the
 * policy deployed.
 */
/**
 * Everything from our own origin only, and nothing inline. The anti-spam widget (ALTCHA) fits
 * without exceptions because we ship its CSP-friendly "external" build (web/src/signing/anti-spam.ts): its
 * stylesheet is part of styles.css instead of an injected <style> (so no 'unsafe-inline' styles; it
 * sets only CSSOM properties, which CSP allows), and its proof-of-work worker is a file we serve
 * (altcha-pbkdf2.js) instead of a blob: URL. `worker-src 'self'` says so explicitly, so a future
 * build that tried blob: workers would fail loudly here rather than widen script-src. The challenge
 * comes from our own /api/challenge (connect-src 'self'); no third-party service is contacted.
 * object-src is narrowed to 'none' (nothing here embeds plugins); base-uri and form-action do not
 * fall back to default-src at all, so they are set explicitly.
 */
const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** Every page but the embed page: no site may frame it (clickjacking), organiser pages least of all. */
export const CONTENT_SECURITY_POLICY = [...BASE_POLICY, "frame-ancestors 'none'"].join('; ');

/**
 * The embeddable widget's page (web/embed.html, put in an iframe by /widget.js on an organisation's
 * own site): any site may frame it, and that is its only difference. It shows one campaign's counter
 * and sign form and holds nothing of an organiser's; its sign request goes to our own /api from our
 * own origin inside the iframe, so it needs no CORS, and a framing site cannot read or script it.
 */
export const EMBED_PATH = '/embed.html';
export const EMBED_CONTENT_SECURITY_POLICY = [...BASE_POLICY, 'frame-ancestors *'].join('; ');

/**
 * HSTS as CloudFront sends it (infra/constructs/static-site.ts: a year, subdomains included).
 * Browsers ignore it over plain http, so the local server can send it too: what is tested locally
 * is then the whole set, and a proxy that puts TLS in front of `npm start` passes it on.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

const common: Record<string, string> = {
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The same headers as HTTP header names and values, for the local server. */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  ...common,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
};

/** The embed page's: no X-Frame-Options at all (it has no "allow all" value; frame-ancestors decides). */
export const embedSecurityHeaders: Record<string, string> = {
  'content-security-policy': EMBED_CONTENT_SECURITY_POLICY,
  ...common,
};

/** The headers for a path the local server serves (CloudFront does the same with a cache behaviour). */
export function securityHeadersFor(pathname: string): Record<string, string> {
  return pathname === EMBED_PATH ? embedSecurityHeaders : securityHeaders;
}
