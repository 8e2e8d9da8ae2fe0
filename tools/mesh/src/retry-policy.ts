import { parseDuration } from './duration';
import { type HTTPRetry } from './istio-objects';
import { type RandomSource } from './random-source';

/** How one upstream attempt ended, in the terms Envoy's retry conditions use. */
export type AttemptOutcome =
  | { kind: 'response'; status: number }
  /** The TCP connection could not be made (refused, unreachable). */
  | { kind: 'connect-failure' }
  /** The upstream accepted the request and then closed or reset before sending headers. */
  | { kind: 'reset' }
  | { kind: 'per-try-timeout' };

/** The retry conditions Envoy knows; gRPC ones are accepted and never fire for HTTP/1 traffic. */
const KNOWN_CONDITIONS = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted',
  'unavailable',
]);

export interface RetryPolicy {
  /** Retries after the first attempt (Istio's `attempts`). */
  readonly numRetries: number;
  /** 0 means each attempt may use the rest of the route timeout. */
  readonly perTryTimeoutMs: number;
  readonly retryOn: ReadonlySet<string>;
  readonly retriableStatusCodes: ReadonlySet<number>;
}

/**
 * What Istio programs into every sidecar route when a VirtualService says nothing about retries:
 * 2 retries on connect-failure, refused-stream, unavailable, cancelled and retriable-status-codes
 * (503).
 */
export const ISTIO_DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  numRetries: 2,
  perTryTimeoutMs: 0,
  retryOn: new Set(['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes']),
  retriableStatusCodes: new Set([503]),
});

/**
 * The retry policy of an `http[]` rule, translated as Istio does: no `retries` → the default
 * policy; `attempts: 0` → no retries; otherwise the default with `attempts`, `perTryTimeout`
 * and `retryOn` overridden. Numbers in `retryOn` are retriable status codes.
 */
export function retryPolicyFrom(retries: HTTPRetry | undefined, where: string): RetryPolicy | null {
  if (retries === undefined || retries === null) return ISTIO_DEFAULT_RETRY_POLICY;
  if (typeof retries !== 'object') throw new Error(`${where}: expected an object`);
  const attempts = retries.attempts ?? 0;
  if (!Number.isInteger(attempts) || attempts < 0) throw new Error(`${where}.attempts: expected a whole number ≥ 0`);
  const perTryTimeoutMs = parseDuration(retries.perTryTimeout, `${where}.perTryTimeout`) ?? 0;
  if (attempts === 0) return null;

  let retryOn = ISTIO_DEFAULT_RETRY_POLICY.retryOn;
  let retriableStatusCodes = ISTIO_DEFAULT_RETRY_POLICY.retriableStatusCodes;
  if (retries.retryOn !== undefined && retries.retryOn.trim() !== '') {
    const conditions = new Set<string>();
    const codes = new Set<number>();
    for (const token of retries.retryOn.split(',').map((part) => part.trim()).filter(Boolean)) {
      if (/^\d{3}$/.test(token)) codes.add(Number(token));
      else if (KNOWN_CONDITIONS.has(token)) conditions.add(token);
      else throw new Error(`${where}.retryOn: unknown retry condition "${token}"`);
    }
    if (codes.size > 0) conditions.add('retriable-status-codes');
    retryOn = conditions;
    retriableStatusCodes = codes;
  }
  return { numRetries: attempts, perTryTimeoutMs, retryOn, retriableStatusCodes };
}

/** Whether Envoy would retry after this outcome under the policy (retries left are checked by the caller). */
export function isRetriable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
  const on = policy.retryOn;
  switch (outcome.kind) {
    case 'response': {
      const status = outcome.status;
      if (status >= 500 && on.has('5xx')) return true;
      if ((status === 502 || status === 503 || status === 504) && on.has('gateway-error')) return true;
      if (status === 409 && on.has('retriable-4xx')) return true;
      return on.has('retriable-status-codes') && policy.retriableStatusCodes.has(status);
    }
    case 'connect-failure':
      // Envoy counts a connection failure as a reset, so 5xx, gateway-error and reset cover it too.
      return on.has('connect-failure') || on.has('reset') || on.has('reset-before-request') || on.has('5xx') || on.has('gateway-error');
    case 'reset':
      return on.has('reset') || on.has('5xx') || on.has('gateway-error');
    case 'per-try-timeout':
      // A per-try timeout is a local reset; Envoy retries it under 5xx, gateway-error and reset.
      return on.has('5xx') || on.has('gateway-error') || on.has('reset');
  }
}

const BACKOFF_BASE_MS = 25;
const BACKOFF_MAX_MS = 250;

/**
 * Envoy's default back-off before retry n (1-based): fully jittered exponential, uniform in
 * [0, (2^n − 1) × 25 ms), capped at 250 ms.
 */
export function retryBackoffMs(retryNumber: number, random: RandomSource): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, (2 ** retryNumber - 1) * BACKOFF_BASE_MS);
  return Math.floor(random() * ceiling);
}
