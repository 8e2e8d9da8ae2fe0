/** Base class, so callers can tell migration problems apart from other startup failures. */
export class MigrationError extends Error {
  constructor(
    readonly migrationName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A migration's SQL failed; its transaction was rolled back and nothing of it persisted. */
export class MigrationFailedError extends MigrationError {
  override readonly name = 'MigrationFailedError';

  constructor(migrationName: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(migrationName, `Migration "${migrationName}" failed and was rolled back: ${reason}`, { cause });
  }
}

/** The counterpart of Prisma's "The migration … was modified after it was applied". */
export class MigrationModifiedError extends MigrationError {
  override readonly name = 'MigrationModifiedError';

  constructor(migrationName: string) {
    super(
      migrationName,
      `Migration "${migrationName}" was modified after it was applied: its migration.sql no longer matches the ` +
        'checksum recorded in _prisma_migrations. Restore the committed file and add a new migration instead.',
    );
  }
}

/**
 * A `_prisma_migrations` row that neither finished nor was rolled back: a failed run of the
 * native Prisma CLI (its error P3009). Applying more migrations on top would be guesswork.
 */
export class UnfinishedMigrationError extends MigrationError {
  override readonly name = 'UnfinishedMigrationError';

  constructor(migrationName: string) {
    super(
      migrationName,
      `Migration "${migrationName}" is recorded as started but never finished. Repair the schema, then mark it ` +
        'with `prisma migrate resolve --applied` or `--rolled-back`.',
    );
  }
}

/** Another runner held the migration lock for longer than we were willing to wait. */
export class MigrationLockTimeoutError extends Error {
  override readonly name = 'MigrationLockTimeoutError';

  constructor(timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms waiting for the migration advisory lock held by another runner`);
  }
}
