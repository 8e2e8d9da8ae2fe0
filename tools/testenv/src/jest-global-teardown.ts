import { takeOwnedTestDatabase } from './jest-owned-database';

/** Stops the embedded database that jest-global-setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const database = takeOwnedTestDatabase();
  if (database === undefined) {
    return;
  }
  await database.stop();
  delete process.env['DATABASE_URL'];
}
