import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { DEFAULT_POSTGRES_BIN_DIR, startRealPostgres } from '@courier/testenv';

const INITDB = path.join(DEFAULT_POSTGRES_BIN_DIR, 'initdb');
const FIX = 'apt-get install -y postgresql-15';

export function hasPostgresBinaries(): boolean {
  try {
    accessSync(INITDB, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether this machine can start a real PostgreSQL 15 for a suite that needs one (an outage needs
 * a server that can be stopped; PGlite cannot stand in). Missing binaries fail CI outright; on a
 * developer machine the suite is skipped with a notice that cannot be missed.
 */
export function realPostgresAvailable(suite: string): boolean {
  if (hasPostgresBinaries()) return true;
  if (process.env.CI === 'true') throw new Error(`[${suite}] needs PostgreSQL 15 binaries in CI, and ${INITDB} is missing (${FIX})`);
  process.stderr.write(`\n${'!'.repeat(100)}\n[${suite}] SKIPPED: no PostgreSQL 15 at ${INITDB} (${FIX}). This suite is required in CI.\n${'!'.repeat(100)}\n\n`);
  return false;
}

export interface SuiteDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL 15 of the suite's own, for suites that measure failed requests under load:
 * the embedded PGlite serialises every transaction, so at a few hundred requests per second it
 * becomes the bottleneck being measured. Without the binaries (not in CI, where they are required)
 * the shared test database is used, with a notice.
 */
export async function startSuiteDatabase(suite: string): Promise<SuiteDatabase> {
  if (hasPostgresBinaries()) {
    const server = await startRealPostgres();
    return { url: server.url, description: 'real PostgreSQL 15', stop: () => server.stop() };
  }
  if (process.env.CI === 'true') throw new Error(`[${suite}] needs PostgreSQL 15 binaries in CI, and ${INITDB} is missing (${FIX})`);
  process.stderr.write(`[${suite}] NOTICE: no PostgreSQL 15 at ${INITDB} (${FIX}); running on the shared test database instead\n`);
  return { url: process.env.DATABASE_URL as string, description: 'shared test database', stop: async () => undefined };
}
