/**
 * The page's security headers, once: CloudFront sets them in AWS (infra/constructs/static-site.ts)
 * and the local server sets the same (infra/local/server.ts), so a policy tried locally is the
 * policy deployed.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** The same headers as HTTP header names and values, for the local server. */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // DENY until an embeddable widget exists; relax it together with frame-ancestors.
  'x-frame-options': 'DENY',
};
