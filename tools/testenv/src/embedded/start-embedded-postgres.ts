import { randomBytes } from 'node:crypto';
import { PGliteWireServer } from './pglite-wire-server';

/**
 * PostgreSQL's shared buffer pool lives inside PGlite's WebAssembly memory, which grows to hold
 * it and never shrinks. The default 128 MB is sized for a server; the local stack's and the
 * tests' data are a few MB, and 16 MB cut the server's idle RSS by about 100 MiB (bench/README.md,
 * "Memory"). The setting is rewritten on every start, so existing data dirs get it too.
 */
const EMBEDDED_POSTGRESQL_CONF = ['shared_buffers=16MB'];

export interface EmbeddedPostgresOptions {
  /** Persist the database here (created when missing); in-memory when omitted. */
  dataDir?: string;
  /** TCP port; 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the embedded server has no TLS. */
  host?: string;
  /**
   * The password of the role "postgres", checked by SCRAM-SHA-256 on every connection. A random one
   * by default: the returned URL carries it, and nobody without that URL can connect.
   */
  password?: string;
}

export interface EmbeddedPostgres {
  /** A postgres:// URL for pg, Prisma and psql alike. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind a Postgres wire-protocol TCP
 * server, so that everything talks to it exactly as to a real PostgreSQL.
 *
 * PGlite is a single Postgres session shared by all TCP connections: session settings
 * (SET, startup parameters) are shared or ignored, advisory locks are re-entrant across
 * connections, and PGliteWireServer runs one transaction at a time. Cold start takes seconds
 * and hundreds of MB, so start one per process and share it (one schema per service).
 */
/**
 * Creates a database in an empty data dir (PGlite runs initdb, a WebAssembly module of its own)
 * and closes it. spawn-embedded-postgres.ts runs it in a short-lived process: initdb's memory is
 * never returned, and the long-lived server opening the dir afterwards idles about 370 MiB
 * smaller (bench/README.md, "Memory").
 */
export async function initialiseEmbeddedDataDir(dataDir: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir, postgresqlconf: EMBEDDED_POSTGRESQL_CONF });
  await db.close();
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  // Loaded on demand: services import this library in production, where PGlite is never used.
  const { PGlite } = await import('@electric-sql/pglite');

  const host = options.host ?? '127.0.0.1';
  const db = await PGlite.create({ ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), postgresqlconf: EMBEDDED_POSTGRESQL_CONF });
  const password = options.password ?? randomBytes(18).toString('base64url');
  const server = new PGliteWireServer(db, password);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (error) {
    await db.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@${host}:${port}/postgres`,
    port,
    stop() {
      stopping ??= server.close().finally(() => db.close());
      return stopping;
    },
  };
}
