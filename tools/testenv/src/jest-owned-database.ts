import type { SpawnedEmbeddedPostgres } from './spawn-embedded-postgres';

/**
 * Hands the database started by globalSetup to globalTeardown. Jest loads the two files as
 * separate modules in the same process, so the hand-over goes through a global; the
 * registry symbol keeps it from clashing with anything else.
 */
const KEY = Symbol.for('@courier/testenv/jest-owned-database');

type GlobalWithDatabase = typeof globalThis & { [KEY]?: SpawnedEmbeddedPostgres };

export function setOwnedTestDatabase(database: SpawnedEmbeddedPostgres): void {
  (globalThis as GlobalWithDatabase)[KEY] = database;
}

export function takeOwnedTestDatabase(): SpawnedEmbeddedPostgres | undefined {
  const holder = globalThis as GlobalWithDatabase;
  const database = holder[KEY];
  delete holder[KEY];
  return database;
}
