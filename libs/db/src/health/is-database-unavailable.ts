import { DatabasePingTimeoutError } from './database-ping-timeout-error';

/**
 * Prisma error codes that mean "could not talk to the database": P1001 can't reach server,
 * P1002 server reached but timed out, P1008 operation timed out, P1017 server closed the
 * connection, P2024 timed out fetching a connection from the pool.
 */
const PRISMA_UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * P2028 is any "Transaction API error"; only this one means the database had no free connection
 * for the transaction within its maxWait, the interactive-transaction twin of P2024.
 */
const TRANSACTION_START_TIMED_OUT = /Unable to start a transaction in the given time/;

/** `kind`s of @prisma/adapter-pg's DriverAdapterError that describe the connection, not the query. */
const DRIVER_ADAPTER_UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs sent by a server that cannot serve us right now: admin/crash shutdown, still
 * starting up, out of connection slots. Class 08 (connection exception) is matched as a class.
 */
const POSTGRES_UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * pg reports its own connection failures as plain Errors without a code, and Prisma passes
 * those through unchanged (adapter-pg only maps errors it recognises).
 */
const PG_CONNECTION_FAILURE_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/, // waiting for a free pooled connection
  // pg's own connect timer, when it fires before the TCP connection is up (a server or machine too
  // busy to accept in time): seen as an unhandled start-up error that crashed delivery under load.
  /^timeout expired$/,
  /^Query read timeout$/, // the server sent no answer within query_timeout
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/, // shutting down
];

/**
 * True when err (or anything it wraps) says the database is unreachable, so the service can
 * answer 503 right away instead of 500. False for errors about the query itself, such as a
 * constraint violation or a statement the server cancelled: the server answered.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return linkedErrors(err).some(describesUnavailability);
}

function describesUnavailability(error: Record<string, unknown>): boolean {
  if (error instanceof DatabasePingTimeoutError) {
    return true;
  }
  const name = typeof error['name'] === 'string' ? error['name'] : '';
  if (name.startsWith('PrismaClient')) {
    const code = error['code'] ?? error['errorCode'];
    if (code === 'P2028') return TRANSACTION_START_TIMED_OUT.test(String(error['message']));
    return typeof code === 'string' && PRISMA_UNAVAILABLE_CODES.has(code);
  }
  if (name === 'DriverAdapterError') {
    const kind = asRecord(error['cause'])?.['kind'];
    return typeof kind === 'string' && DRIVER_ADAPTER_UNAVAILABLE_KINDS.has(kind);
  }
  const code = error['code'];
  if (typeof code === 'string') {
    return SOCKET_ERROR_CODES.has(code) || POSTGRES_UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
  }
  const message = error['message'];
  return typeof message === 'string' && PG_CONNECTION_FAILURE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when the database answered but no pooled connection came free in time: every connection was
 * busy (slow queries, a stall) rather than the server being gone. Still a 503, worded differently.
 */
export function isPoolExhausted(err: unknown): boolean {
  return linkedErrors(err).some((error) => {
    const code = error['code'] ?? error['errorCode'];
    if (String(error['name'] ?? '').startsWith('PrismaClient') && (code === 'P2024' || code === 'P2028')) return true;
    return typeof error['message'] === 'string' && /^timeout exceeded when trying to connect$/.test(error['message']);
  });
}

/**
 * The error and everything it wraps: `cause` chains, the errors of an AggregateError (Node's
 * dual-stack connect attempts), and the DriverAdapterError Prisma keeps in `meta`.
 */
function linkedErrors(root: unknown): Record<string, unknown>[] {
  const seen = new Set<unknown>();
  const pending: unknown[] = [root];
  const found: Record<string, unknown>[] = [];
  while (pending.length > 0) {
    const error = asRecord(pending.pop());
    if (error === undefined || seen.has(error)) {
      continue;
    }
    seen.add(error);
    found.push(error);
    pending.push(error['cause'], asRecord(error['meta'])?.['driverAdapterError']);
    if (Array.isArray(error['errors'])) {
      pending.push(...error['errors']);
    }
  }
  return found;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
