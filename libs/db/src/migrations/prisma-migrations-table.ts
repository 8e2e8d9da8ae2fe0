import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { quoteIdentifier } from '../sql/quote-identifier';

/**
 * Reads and writes Prisma's migration history table. Every statement names the schema
 * explicitly: on the embedded PGlite all connections share one session, so a session-level
 * search_path is not ours to rely on.
 */

/** A row of `_prisma_migrations`, reduced to what the runner decides on. */
export interface MigrationRecord {
  migrationName: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
}

function tableName(schema: string): string {
  return `${quoteIdentifier(schema)}."_prisma_migrations"`;
}

/**
 * The table exactly as Prisma's schema engine creates it for PostgreSQL
 * (sql-schema-connector, flavour/postgres.rs), so the native CLI accepts it as its own.
 */
export async function ensureMigrationsTable(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS ${tableName(schema)} (
      id                  VARCHAR(36) PRIMARY KEY NOT NULL,
      checksum            VARCHAR(64) NOT NULL,
      finished_at         TIMESTAMPTZ,
      migration_name      VARCHAR(255) NOT NULL,
      logs                TEXT,
      rolled_back_at      TIMESTAMPTZ,
      started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
      applied_steps_count INTEGER NOT NULL DEFAULT 0
    )`);
}

export async function listMigrationRecords(client: pg.ClientBase, schema: string): Promise<MigrationRecord[]> {
  const result = await client.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${tableName(schema)} ORDER BY started_at, migration_name`,
  );
  return result.rows.map((row) => ({
    migrationName: row.migration_name,
    checksum: row.checksum,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
  }));
}

/**
 * Blocks other writers of the history table until the current transaction ends. On a real
 * PostgreSQL the advisory lock already serialises runners; this also covers a native
 * `prisma migrate resolve` and keeps the check-then-insert of one migration atomic.
 */
export async function lockMigrationsTable(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(`LOCK TABLE ${tableName(schema)} IN SHARE ROW EXCLUSIVE MODE`);
}

/**
 * Records a successfully applied migration the way `prisma migrate deploy` leaves it:
 * a v4 UUID id, the checksum, one applied step, no logs. Called inside the migration's own
 * transaction, so started_at (now(): the transaction start) precedes the script and
 * finished_at (clock_timestamp()) follows it.
 */
export async function recordAppliedMigration(
  client: pg.ClientBase,
  schema: string,
  migration: { name: string; checksum: string },
): Promise<void> {
  await client.query(
    `INSERT INTO ${tableName(schema)}
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
    [randomUUID(), migration.checksum, migration.name],
  );
}
