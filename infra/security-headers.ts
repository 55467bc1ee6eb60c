/**
 * The page's security headers, once: CloudFront sets them in AWS (infra/constructs/static-site.ts)
 * and the local server sets the same (infra/local/server.ts), so a policy tried locally is the
 * policy deployed.
 */
/**
 * Everything from our own origin only, and nothing inline. The anti-spam widget (ALTCHA) fits
 * without exceptions because we ship its CSP-friendly "external" build (web/src/anti-spam.ts): its
 * stylesheet is part of styles.css instead of an injected <style> (so no 'unsafe-inline' styles; it
 * sets only CSSOM properties, which CSP allows), and its proof-of-work worker is a file we serve
 * (altcha-pbkdf2.js) instead of a blob: URL. `worker-src 'self'` says so explicitly, so a future
 * build that tried blob: workers would fail loudly here rather than widen script-src. The challenge
 * comes from our own /api/challenge (connect-src 'self'); no third-party service is contacted.
 * object-src is narrowed to 'none' (nothing here embeds plugins); base-uri and form-action do not
 * fall back to default-src at all, so they are set explicitly.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The same headers as HTTP header names and values, for the local server. */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // DENY until an embeddable widget exists; relax it together with frame-ancestors.
  'x-frame-options': 'DENY',
};
