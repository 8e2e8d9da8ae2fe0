import { createHash } from 'node:crypto';

/**
 * A stable hash of a request body (keys sorted), so a replayed Idempotency-Key can be told apart
 * from the same key reused for a different request.
 */
export function requestFingerprint(body: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b))));
  return createHash('sha256').update(canonical).digest('hex');
}
