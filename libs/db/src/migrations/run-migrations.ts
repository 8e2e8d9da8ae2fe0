import pg from 'pg';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../client/create-pg-pool';
import { quoteIdentifier } from '../sql/quote-identifier';
import { readLocalMigrations, type LocalMigration } from './local-migration';
import { checksumMatches } from './migration-checksum';
import { MigrationFailedError, MigrationModifiedError, UnfinishedMigrationError } from './migration-errors';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock';
import {
  ensureMigrationsTable,
  listMigrationRecords,
  lockMigrationsTable,
  recordAppliedMigration,
  type MigrationRecord,
} from './prisma-migrations-table';

export interface RunMigrationsOptions {
  databaseUrl: string;
  /** Created when missing; holds both the migrated tables and `_prisma_migrations`. */
  schema: string;
  /** A Prisma migrations folder: `<timestamp>_<name>/migration.sql` per migration. */
  migrationsDir: string;
  log?: (message: string) => void;
  /** How long to wait for another runner's advisory lock. Default 60 s. */
  lockTimeoutMs?: number;
  /** Default DEFAULT_CONNECT_TIMEOUT_MS, like the service pools: an unreachable database fails fast. */
  connectTimeoutMs?: number;
}

export interface RunMigrationsResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Local migrations that were already recorded as applied. */
  alreadyApplied: string[];
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/**
 * Applies the committed Prisma migrations that the schema does not have yet and records them
 * in `_prisma_migrations` as `prisma migrate deploy` would. Each migration runs in its own
 * transaction, so a failing one leaves neither its changes nor a history row behind.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const log = options.log ?? (() => undefined);
  const localMigrations = await readLocalMigrations(options.migrationsDir);

  // A dedicated connection without the service pools' statement timeout: a migration may
  // legitimately run longer than any request should.
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  // A connection error during the run also rejects the pending query; this listener only
  // keeps the emitter from crashing the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await acquireMigrationLock(client, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
      await ensureMigrationsTable(client, options.schema);
      const records = await listMigrationRecords(client, options.schema);
      verifyHistory(localMigrations, records, log);

      const result: RunMigrationsResult = { applied: [], alreadyApplied: [] };
      for (const migration of localMigrations) {
        const outcome = await applyIfPending(client, options.schema, migration);
        result[outcome].push(migration.name);
        if (outcome === 'applied') {
          log(`Applied migration ${migration.name} to schema ${options.schema}`);
        }
      }
      return result;
    } finally {
      // If the connection broke, the session and its lock are gone already; the error that
      // broke it is the one worth reporting.
      await releaseMigrationLock(client).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Refuses to build on a history that Prisma itself would refuse to build on. */
function verifyHistory(
  localMigrations: LocalMigration[],
  records: MigrationRecord[],
  log: (message: string) => void,
): void {
  const localByName = new Map(localMigrations.map((migration) => [migration.name, migration]));
  for (const record of records) {
    if (record.rolledBackAt !== null) {
      continue;
    }
    if (record.finishedAt === null) {
      throw new UnfinishedMigrationError(record.migrationName);
    }
    const local = localByName.get(record.migrationName);
    if (local === undefined) {
      log(`Migration ${record.migrationName} is applied to the database but missing from the migrations folder`);
    } else if (!checksumMatches(local.script, record.checksum)) {
      throw new MigrationModifiedError(record.migrationName);
    }
  }
}

/**
 * Applies one migration unless it is already recorded. The history check happens inside the
 * migration's transaction, after locking the history table: a concurrent runner that got
 * there first is then always visible. That matters on the embedded PGlite, where the advisory
 * lock cannot exclude anyone and transactions are what run one at a time.
 */
async function applyIfPending(
  client: pg.Client,
  schema: string,
  migration: LocalMigration,
): Promise<'applied' | 'alreadyApplied'> {
  await client.query('BEGIN');
  let outcome: 'applied' | 'alreadyApplied';
  try {
    await lockMigrationsTable(client, schema);
    const recorded = (await listMigrationRecords(client, schema)).find(
      (record) => record.migrationName === migration.name && record.rolledBackAt === null,
    );
    if (recorded === undefined) {
      // Migration SQL is unqualified, like Prisma's generated SQL. SET LOCAL confines the
      // search_path to this transaction, so it never leaks into the shared PGlite session.
      await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
      try {
        await client.query(migration.script);
      } catch (error) {
        throw new MigrationFailedError(migration.name, error);
      }
      await recordAppliedMigration(client, schema, migration);
      outcome = 'applied';
    } else if (checksumMatches(migration.script, recorded.checksum)) {
      outcome = 'alreadyApplied';
    } else {
      throw new MigrationModifiedError(migration.name);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await client.query(outcome === 'applied' ? 'COMMIT' : 'ROLLBACK');
  return outcome;
}
