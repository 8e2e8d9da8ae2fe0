import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { createPgPool, type PgPoolOptions } from './create-pg-pool';

export interface PrismaClientOptions extends PgPoolOptions {
  /**
   * The Postgres schema that holds this service's tables. The adapter qualifies every
   * generated query with it, which matters on the embedded PGlite: all TCP connections share
   * one session there, so a per-connection search_path cannot isolate services. Raw SQL
   * ($queryRaw) must therefore qualify table names with the schema too.
   */
  schema: string;
}

/** The shape of every generated Prisma 7 `PrismaClient` class. */
export type PrismaClientConstructor<Client, ExtraOptions extends object = object> = new (
  options: { adapter: PrismaPg } & ExtraOptions,
) => Client;

export interface PrismaClientHandle<Client> {
  client: Client;
  /** The pool behind the adapter; use it for health checks and close it on shutdown. */
  pool: pg.Pool;
}

/**
 * Creates a service's generated PrismaClient on top of a pg.Pool that we own, so that
 * connection and statement timeouts are ours to set and the same pool answers /readyz.
 */
export function createPrismaClient<Client>(
  ClientCtor: PrismaClientConstructor<Client>,
  options: PrismaClientOptions,
): PrismaClientHandle<Client> {
  const pool = createPgPool(options);
  const adapter = new PrismaPg(pool, { schema: options.schema });
  return { client: new ClientCtor({ adapter }), pool };
}
