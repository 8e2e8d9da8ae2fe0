/**
 * Node's own request timers (it answers 408 and closes the connection): the whole request within
 * `requestTimeoutMs`, headers within 10 s at most. Node checks them on an interval, 30 s by default,
 * which would let a stalled body stay twice as long as configured; a quarter of the timeout keeps
 * the overshoot small.
 */
export function requestTimeouts(requestTimeoutMs: number): { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 10_000),
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
  };
}
