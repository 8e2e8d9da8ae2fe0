import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { databaseErrorMapper } from '@courier/db/nest';
import { createServiceApp, loadConfig } from '@courier/service-kit';
import { createTestSchema, type TestSchema } from '@courier/testenv';
import { Writable } from 'node:stream';
import { UsersConfigSchema } from '../src/users.config';
import { USERS_MIGRATIONS_DIR } from '../src/migrations-dir';
import { UsersModule } from '../src/users.module';

export interface UsersTestApp {
  app: NestFastifyApplication;
  schema: TestSchema;
  close(): Promise<void>;
}

/** The real users app on the shared test database, in a schema of its own. */
export async function startUsersTestApp(env: NodeJS.ProcessEnv = {}): Promise<UsersTestApp> {
  const schema = await createTestSchema({ prefix: 'users', migrationsDir: USERS_MIGRATIONS_DIR });
  const config = loadConfig('users', UsersConfigSchema, { DATABASE_URL: schema.databaseUrl, DATABASE_SCHEMA: schema.schema, LOG_LEVEL: 'warn', ...env });
  const app = await createServiceApp({
    service: 'users',
    module: UsersModule.register(config),
    config,
    errorMappers: [databaseErrorMapper],
    logDestination: new Writable({ write: (_chunk, _enc, done) => done() }),
  });
  return {
    app,
    schema,
    async close() {
      await app.close();
      await schema.drop();
    },
  };
}
