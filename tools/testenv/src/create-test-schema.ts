import { quoteIdentifier, runMigrations } from '@courier/db';
import pg from 'pg';
import { testSchemaName } from './test-schema-name';

export interface CreateTestSchemaOptions {
  /** The service's `prisma/migrations` folder; omit for an empty schema. */
  migrationsDir?: string;
  /** Makes the schema recognisable, e.g. the service or spec name. */
  prefix: string;
}

export interface TestSchema {
  schema: string;
  /** The server URL (DATABASE_URL); pass `schema` alongside it, e.g. to createPrismaClient. */
  databaseUrl: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named schema on the test database and migrates it, so that every test
 * file (and every jest worker) gets its own isolated tables on the one shared server.
 */
export async function createTestSchema(options: CreateTestSchemaOptions): Promise<TestSchema> {
  const databaseUrl = testDatabaseUrl();
  const schema = testSchemaName(options.prefix);
  if (options.migrationsDir === undefined) {
    await execute(databaseUrl, `CREATE SCHEMA ${quoteIdentifier(schema)}`);
  } else {
    await runMigrations({ databaseUrl, schema, migrationsDir: options.migrationsDir });
  }
  return {
    schema,
    databaseUrl,
    drop: () => execute(databaseUrl, `DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`),
  };
}

function testDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Run the tests through `node tools/testenv/bin/with-db.js -- …` (npm test), or add ' +
        "globalSetup: '<repo>/tools/testenv/src/jest-global-setup.ts' to the project's jest config.",
    );
  }
  return url;
}

async function execute(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
