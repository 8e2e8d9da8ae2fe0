import pg from 'pg';
import { TEST_SCHEMA_PREFIX } from './test-schema-name';

/**
 * Drops test schemas that earlier, interrupted runs left in the persistent embedded database.
 * Only call this on a database this process owns exclusively: a concurrent run's schemas
 * would look exactly like leftovers.
 */
export async function dropLeftoverTestSchemas(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // format('%I') quotes on the server, so any name found there round-trips safely.
    const { rows } = await client.query<{ nspname: string; drop_statement: string }>(
      `SELECT nspname, format('DROP SCHEMA IF EXISTS %I CASCADE', nspname) AS drop_statement
         FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname`,
      [TEST_SCHEMA_PREFIX],
    );
    for (const row of rows) {
      await client.query(row.drop_statement);
    }
    return rows.map((row) => row.nspname);
  } finally {
    await client.end();
  }
}
