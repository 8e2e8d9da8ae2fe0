import { findTool, installHint, requireTool, startRealPostgres } from '@courier/testenv';

export function hasPostgresBinaries(): boolean {
  return findTool('postgres') !== undefined;
}

/**
 * Whether this machine can start a real PostgreSQL 15 for a suite that needs one (an outage needs
 * a server that can be stopped; PGlite cannot stand in). Missing binaries fail CI outright; on a
 * developer machine the suite is skipped with a notice that cannot be missed.
 */
export function realPostgresAvailable(suite: string): boolean {
  return requireTool('postgres', suite, 'its tests on a real PostgreSQL 15') !== undefined;
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
  if (process.env.CI === 'true') throw new Error(`[${suite}] needs PostgreSQL 15 binaries in CI (${installHint('postgres')})`);
  process.stderr.write(`[${suite}] NOTICE: no PostgreSQL 15 binaries (${installHint('postgres')}); running on the shared test database instead\n`);
  return { url: process.env.DATABASE_URL as string, description: 'shared test database', stop: async () => undefined };
}
