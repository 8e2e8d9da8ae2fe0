export {
  createPrismaClient,
  type PrismaClientConstructor,
  type PrismaClientHandle,
  type PrismaClientOptions,
} from './client/create-prisma-client';
export {
  createPgPool,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_POOL_MAX,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  type PgPoolOptions,
} from './client/create-pg-pool';
export { withShadowRollback, type InteractiveTransactionClient } from './client/with-shadow-rollback';
export { pingDatabase } from './health/ping-database';
export { DatabasePingTimeoutError } from './health/database-ping-timeout-error';
export { isDatabaseUnavailable, isPoolExhausted } from './health/is-database-unavailable';
export { runMigrations, type RunMigrationsOptions, type RunMigrationsResult } from './migrations/run-migrations';
export { migrationChecksum } from './migrations/migration-checksum';
export {
  MigrationError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  MigrationModifiedError,
  UnfinishedMigrationError,
} from './migrations/migration-errors';
export { PRISMA_MIGRATE_ADVISORY_LOCK_KEY } from './migrations/migration-lock';
export { quoteIdentifier } from './sql/quote-identifier';
export { migrateFromEnvironment, type MigrateFromEnvironmentOptions } from './cli/migrate-from-environment';
