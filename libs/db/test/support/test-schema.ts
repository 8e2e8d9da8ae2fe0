import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../../src';
import { testDatabaseUrl } from './test-database-url';

/**
 * A unique schema per test, following @courier/testenv's `test_` naming (which libs/db cannot
 * import without a dependency cycle), so leftovers are recognised and cleaned up there.
 */
export function uniqueSchemaName(prefix: string): string {
  return `test_db_${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`));
}

/** Runs fn on a short-lived connection to the test database. */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
