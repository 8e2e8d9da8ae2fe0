// Entry point of the Kubernetes migration Job (Helm pre-install/pre-upgrade hook): node dist/migrate.js
import { migrateFromEnvironment } from '@courier/db';
import { USERS_MIGRATIONS_DIR } from './migrations-dir';

void migrateFromEnvironment({ service: 'users', migrationsDir: USERS_MIGRATIONS_DIR, defaultSchema: 'users' }).then((code) => {
  process.exitCode = code;
});
