import type { FastifyReply } from 'fastify';

/**
 * What every answer of every Courier service carries, set in one place (createServiceApp's onSend):
 * no MIME sniffing, no Referer leaving the page, and no framing (so the control room's buttons
 * cannot be clickjacked).
 */
const ALWAYS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** For answers that set no policy of their own (JSON, problems, metrics): nothing to load, nothing to frame. */
export const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Adds the headers; a page's own CSP is kept and gets `frame-ancestors 'none'` when it lacks one. */
export function applySecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(ALWAYS)) void reply.header(name, value);
  const policy = reply.getHeader('content-security-policy');
  if (policy === undefined) void reply.header('content-security-policy', DEFAULT_CONTENT_SECURITY_POLICY);
  else if (!/(^|;)\s*frame-ancestors\b/.test(String(policy))) void reply.header('content-security-policy', `${String(policy)}; frame-ancestors 'none'`);
}
