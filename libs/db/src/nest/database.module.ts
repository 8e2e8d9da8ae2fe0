import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, type DatabaseConfig } from '@courier/service-kit';
import type { Pool } from 'pg';
import { createPrismaClient, type PrismaClientConstructor } from '../client/create-prisma-client';
import { pingDatabase } from '../health/ping-database';
import { runMigrations } from '../migrations/run-migrations';

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
  client: { $disconnect(): Promise<void> };
  pool: Pool;
}

/** Registers the readiness check and closes the pool after the HTTP server has drained. */
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', () => pingDatabase(this.connection.pool, READINESS_PING_TIMEOUT_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.client.$disconnect();
    await this.connection.pool.end();
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
              await runMigrations({ databaseUrl, schema, migrationsDir: options.migrationsDir });
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
