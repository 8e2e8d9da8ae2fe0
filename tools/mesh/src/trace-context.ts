import { randomFillSync, randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Random bytes are drawn in blocks: one crypto call per ~170 new traces instead of one per trace. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** Whether a `traceparent` is valid W3C Trace Context (version 00, or a later one we can read). */
export function isValidTraceparent(value: string): boolean {
  const parts = TRACEPARENT.exec(value);
  if (!parts) return false;
  const [, version, traceId, spanId, , rest] = parts;
  if (version === 'ff' || traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return false;
  return version !== '00' || rest === undefined;
}

/** The parts of a valid `traceparent`; undefined when it is not valid W3C Trace Context. */
export function parseTraceparent(value: string | undefined): { traceId: string; spanId: string; flags: string; sampled: boolean } | undefined {
  if (value === undefined || !isValidTraceparent(value)) return undefined;
  const [, , traceId, spanId, flags] = TRACEPARENT.exec(value) as RegExpExecArray;
  return { traceId, spanId, flags, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** A new random span id (8 bytes, hex). */
export function newSpanId(): string {
  return randomHex(8);
}

/** A new sampled W3C `traceparent` (version 00), so the services' spans join one trace. */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/**
 * Makes sure a request carries `x-request-id` and `traceparent`, as Envoy's connection manager
 * does before routing: existing valid values pass through; missing or malformed ones are
 * created. Without tracing configured the mesh exports no spans, so it leaves the parent as it
 * is (re-parenting would leave gaps); with tracing, ProxyTracer then makes its own span the
 * parent. Returns the request id, which the mesh logs.
 */
export function ensureTraceHeaders(headers: IncomingHttpHeaders): string {
  let requestId = headers['x-request-id'];
  if (typeof requestId !== 'string' || requestId === '') {
    requestId = randomUUID();
    headers['x-request-id'] = requestId;
  }
  const traceparent = headers.traceparent;
  if (typeof traceparent !== 'string' || !isValidTraceparent(traceparent)) {
    headers.traceparent = newTraceparent();
    // A tracestate belongs to the trace it came with; it must not ride along a new one.
    delete headers.tracestate;
  }
  return requestId;
}
