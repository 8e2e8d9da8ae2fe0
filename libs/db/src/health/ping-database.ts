import type pg from 'pg';
import { DatabasePingTimeoutError } from './database-ping-timeout-error';

/**
 * Runs `select 1` and rejects with DatabasePingTimeoutError when no answer arrives within
 * timeoutMs, whatever phase is slow (waiting for a pooled connection, connecting, or the
 * query itself), so a readiness probe never outlives its own deadline.
 */
export async function pingDatabase(pool: pg.Pool, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DatabasePingTimeoutError(timeoutMs)), timeoutMs);
  });
  // The query keeps running after the deadline fires (pg cannot abandon it); swallow its
  // eventual failure so it does not surface as an unhandled rejection.
  const query = pool.query('select 1');
  query.catch(() => undefined);
  try {
    await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
