/**
 * Jest globalSetup for any project whose tests need PostgreSQL. When DATABASE_URL is set
 * (by with-db, CI or the developer) it is used as is. Otherwise one embedded PGlite is
 * started for this jest run and DATABASE_URL is exported, which the workers inherit.
 *
 * The instance is in-memory on purpose: the persistent `.data/test-pglite` directory may be
 * held by a concurrent with-db run, and a PGlite data dir must not be opened twice. Use
 * `npm test` (with-db) to get the faster warm start from that directory.
 */
import { spawnEmbeddedPostgres } from './spawn-embedded-postgres';
import { setOwnedTestDatabase } from './jest-owned-database';

export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) {
    return;
  }
  const startedAt = Date.now();
  const database = await spawnEmbeddedPostgres();
  process.env['DATABASE_URL'] = database.url;
  setOwnedTestDatabase(database);
  console.log(`\n[testenv] embedded PGlite (in-memory) on port ${database.port}, ready in ${Date.now() - startedAt} ms`);
}
