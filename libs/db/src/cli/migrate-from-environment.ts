import { runMigrations } from '../migrations/run-migrations';

export interface MigrateFromEnvironmentOptions {
  service: string;
  migrationsDir: string;
  /** Used when DATABASE_SCHEMA is not set. */
  defaultSchema: string;
}

/**
 * The body of each service's `migrate` entry point (`node dist/migrate.js`), run by the Helm
 * pre-install/pre-upgrade Job on Kubernetes: apply pending migrations, print what happened, and
 * exit non-zero so a failed migration stops the release before new pods start.
 */
export async function migrateFromEnvironment(options: MigrateFromEnvironmentOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write(`${options.service} migrate: DATABASE_URL is not set. Fix: set DATABASE_URL=postgres://user:password@host:5432/db\n`);
    return 78;
  }
  const schema = env.DATABASE_SCHEMA || options.defaultSchema;
  try {
    const result = await runMigrations({
      databaseUrl,
      schema,
      migrationsDir: options.migrationsDir,
      log: (message) => process.stdout.write(`${options.service} migrate: ${message}\n`),
    });
    process.stdout.write(
      `${options.service} migrate: schema "${schema}" is up to date (${result.applied.length} applied now, ${result.alreadyApplied.length} already applied)\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${options.service} migrate: ${(error as Error).message}\n`);
    return 1;
  }
}
