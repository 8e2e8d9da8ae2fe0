import type pg from 'pg';
import { MigrationLockTimeoutError } from './migration-errors';

/**
 * The advisory lock key of Prisma Migrate (prisma-engines, flavour/postgres.rs). Sharing it
 * means our runner and a native `prisma migrate deploy` never run at the same time.
 */
export const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;

const POLL_INTERVAL_MS = 100;

/**
 * Takes the session-level advisory lock, polling with pg_try_advisory_lock so that waiting
 * has a deadline (a blocking pg_advisory_lock would wait forever behind a stuck runner).
 *
 * On the embedded PGlite every connection is the same session, where advisory locks are
 * re-entrant, so this lock does not exclude anything there; the runner's per-migration
 * transaction (PGlite runs one transaction at a time) is what keeps it safe.
 */
export async function acquireMigrationLock(client: pg.ClientBase, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new MigrationLockTimeoutError(timeoutMs);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

export async function releaseMigrationLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
}
