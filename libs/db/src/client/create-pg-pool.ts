import pg from 'pg';

export interface PgPoolOptions {
  databaseUrl: string;
  /** Maximum number of pooled connections. Default 10. */
  poolMax?: number;
  /**
   * Upper bound for obtaining a connection, both when opening a new one and when waiting
   * for a free one. A database outage must surface as a fast error that the service turns
   * into a 503, never as a request that hangs; a refused connection fails at once.
   *
   * Default 2000 ms. It was 1000 ms, and a database that merely paused for a second (a
   * checkpoint, a busy machine: stop 29's CI, p99 1.1 s) then failed requests with
   * "unreachable". 2000 ms rides out such a pause and stays below the callers' deadline
   * (web's UPSTREAM_TIMEOUT_MS, 2500 ms), so the 503 still comes from here, naming the database.
   */
  connectTimeoutMs?: number;
  /**
   * How long an idle pooled connection is kept before it is closed. Default 60 s, where pg's own
   * is 10 s: a busy second after a quiet ten then opened new connections (a TCP connect, a
   * backend process forked, a SCRAM exchange) exactly when the machine had least to spare. In
   * stop 30's CI and again here under a CPU burst, opening one took over 2 s and the request
   * failed with "PostgreSQL is unreachable" while the pooled ones answered.
   */
  idleTimeoutMs?: number;
  /** Upper bound for a single statement. Default 5000 ms. */
  statementTimeoutMs?: number;
  /**
   * Called when an idle pooled connection fails (server restart, network drop). pg has
   * already discarded that connection, and the next query opens a new one. Default: ignore.
   */
  onIdleClientError?: (error: Error) => void;
}

export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Grace period between the server-side statement timeout and the client-side read timeout,
 * so that on a real PostgreSQL the server's own "canceling statement due to statement
 * timeout" error wins the race and the client-side timer only fires when no answer comes
 * at all.
 */
const CLIENT_READ_TIMEOUT_GRACE_MS = 1000;

export function createPgPool(options: PgPoolOptions): pg.Pool {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolMax ?? DEFAULT_POOL_MAX,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    // Server-side limit: PostgreSQL cancels the statement and frees its resources.
    statement_timeout: statementTimeoutMs,
    // Client-side limit: covers what statement_timeout cannot, namely a server that stopped
    // answering (half-open TCP) and the embedded PGlite, which ignores startup parameters
    // and cannot cancel a running statement.
    query_timeout: statementTimeoutMs + CLIENT_READ_TIMEOUT_GRACE_MS,
    keepAlive: true,
  });
  // Without a listener, an 'error' event from an idle client (e.g. the server closed the
  // connection) is an unhandled EventEmitter error and would crash the process.
  const onIdleClientError = options.onIdleClientError ?? (() => undefined);
  pool.on('error', (error) => onIdleClientError(error));
  return pool;
}
