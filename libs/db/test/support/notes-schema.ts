import path from 'node:path';
import { runMigrations } from '../../src';
import { testDatabaseUrl } from './test-database-url';
import { dropSchema, uniqueSchemaName } from './test-schema';

/** The migrations matching the Prisma fixture client (prisma-fixture/schema.prisma). */
const NOTES_MIGRATIONS_DIR = path.join(__dirname, '..', 'fixtures', 'notes-migrations');

/** A fresh schema holding the fixture's `Note` table. */
export async function createNotesSchema(prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = uniqueSchemaName(prefix);
  await runMigrations({ databaseUrl: testDatabaseUrl(), schema, migrationsDir: NOTES_MIGRATIONS_DIR });
  return { schema, drop: () => dropSchema(schema) };
}
