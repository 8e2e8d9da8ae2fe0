import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, type DatabaseConfig } from '@courier/service-kit';
import type { Pool } from 'pg';
import { createPrismaClient, type PrismaClientConstructor } from '../client/create-prisma-client';
import { pingDatabase } from '../health/ping-database';
import { isDatabaseUnavailable } from '../health/is-database-unavailable';
import { runMigrations } from '../migrations/run-migrations';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DatabaseModuleOptions<C> {
  /** The service's generated PrismaClient class. */
  clientClass: PrismaClientConstructor<C>;
  migrationsDir: string;
  /** The validated DATABASE_* settings (service-kit's databaseConfigSchema). */
  config: DatabaseConfig;
}

/** The service's Prisma client (typed by the service as its own generated PrismaClient). */
export const PRISMA_CLIENT = Symbol('PRISMA_CLIENT');
const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');
/** Below /readyz's own per-check deadline, so the check reports the DB's error, not a timeout. */
const READINESS_PING_TIMEOUT_MS = 800;

interface DatabaseConnection {
  client: { $connect(): Promise<void>; $disconnect(): Promise<void> };
  pool: Pool;
}

/**
 * Registers the readiness check, starts Prisma's engine before the service listens, and closes
 * the pool after the HTTP server has drained.
 */
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('database', () => pingDatabase(this.connection.pool, READINESS_PING_TIMEOUT_MS));
    // Prisma starts its engine (loading and compiling the query compiler's WebAssembly) on the
    // first query unless $connect() is called; Prisma's docs name $connect() for a first request
    // that must answer at once. Left to the first request, that cost (0.7–1.3 s on a busy 2-core
    // machine, libs/db/README.md) lands in a new version's first analysis window. With the pg
    // adapter $connect() opens no connection, so a database that is down does not stop start-up:
    // readiness stays red until it answers, as before.
    await this.connection.client.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.client.$disconnect();
    await this.connection.pool.end();
  }
}

/** How long start-up waits for a database that is still coming up (compose, a busy embedded one). */
const STARTUP_WAIT_MS = 30_000;

/**
 * Start-up, unlike a request, may wait for the database: it is normal for it to come up after the
 * service. Only "unreachable" is retried; any other migration error fails start-up at once.
 */
async function untilDatabaseAnswers<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

@Module({})
export class DatabaseModule {
  static forService<C>(options: DatabaseModuleOptions<C>): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE_CONNECTION,
          useFactory: async (): Promise<DatabaseConnection> => {
            const { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, DATABASE_POOL_MAX: poolMax } = options.config;
            // Locally and in tests a service migrates itself; on Kubernetes the Helm hook Job does.
            if (options.config.DATABASE_MIGRATE_ON_START) {
              await untilDatabaseAnswers(() => runMigrations({ databaseUrl, schema, migrationsDir: options.migrationsDir }));
            }
            const handle = createPrismaClient(options.clientClass, { databaseUrl, schema, poolMax });
            return handle as unknown as DatabaseConnection;
          },
        },
        { provide: PRISMA_CLIENT, useFactory: (connection: DatabaseConnection) => connection.client, inject: [DATABASE_CONNECTION] },
        DatabaseLifecycle,
      ],
      exports: [PRISMA_CLIENT],
    };
  }
}
