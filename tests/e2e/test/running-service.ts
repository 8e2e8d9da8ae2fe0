import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { databaseErrorMapper } from '@courier/db/nest';
import { createServiceApp, loadConfig } from '@courier/service-kit';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { z } from 'zod';

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Boots a real service on an ephemeral port, as `npm start` would, inside the test process. */
export async function runService<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv,
  module: (config: z.infer<S>) => DynamicModule,
): Promise<RunningService> {
  const config = loadConfig(service, schema, { LOG_LEVEL: 'warn', ...env }) as z.infer<S> & Parameters<typeof createServiceApp>[0]['config'];
  const app = await createServiceApp({
    service,
    module: module(config),
    config,
    errorMappers: [databaseErrorMapper],
    logDestination: new Writable({ write: (_c, _e, done) => done() }),
  });
  await app.listen({ port: env.PORT ? Number(env.PORT) : 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
