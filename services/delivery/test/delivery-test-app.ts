import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { databaseErrorMapper } from '@courier/db/nest';
import { createServiceApp, loadConfig } from '@courier/service-kit';
import { createTestSchema, type TestSchema } from '@courier/testenv';
import pg from 'pg';
import { Writable } from 'node:stream';
import { DeliveryConfigSchema } from '../src/delivery.config';
import { DeliveryModule } from '../src/delivery.module';
import { DELIVERY_MIGRATIONS_DIR } from '../src/migrations-dir';

export interface DeliveryTestApp {
  app: NestFastifyApplication;
  schema: TestSchema;
  /** Counts rows straight from the database, bypassing the service. */
  countRows(table: 'deliveries' | 'delivery_events', where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** The real delivery app on the shared test database, in a schema of its own. */
export async function startDeliveryTestApp(env: NodeJS.ProcessEnv, existingSchema?: TestSchema): Promise<DeliveryTestApp> {
  const schema = existingSchema ?? (await createTestSchema({ prefix: 'delivery', migrationsDir: DELIVERY_MIGRATIONS_DIR }));
  const config = loadConfig('delivery', DeliveryConfigSchema, { DATABASE_URL: schema.databaseUrl, DATABASE_SCHEMA: schema.schema, LOG_LEVEL: 'warn', ...env });
  const app = await createServiceApp({
    service: 'delivery',
    module: DeliveryModule.register(config),
    config,
    errorMappers: [databaseErrorMapper],
    logDestination: new Writable({ write: (_chunk, _enc, done) => done() }),
  });
  const pool = new pg.Pool({ connectionString: schema.databaseUrl, max: 2 });
  return {
    app,
    schema,
    async countRows(table, where = 'true', params = []) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema.schema}"."${table}" WHERE ${where}`, params);
      return rows[0].n;
    },
    async close() {
      await app.close();
      await pool.end();
      if (!existingSchema) await schema.drop();
    },
  };
}
