// Entry point of the Kubernetes migration Job (Helm pre-install/pre-upgrade hook): node dist/migrate.js
import { migrateFromEnvironment } from '@courier/db';
import { DELIVERY_MIGRATIONS_DIR } from './migrations-dir';

void migrateFromEnvironment({ service: 'delivery', migrationsDir: DELIVERY_MIGRATIONS_DIR, defaultSchema: 'delivery' }).then((code) => {
  process.exitCode = code;
});
