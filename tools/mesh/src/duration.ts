const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000_001 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/**
 * Milliseconds in an Istio duration such as `2s`, `0.5s`, `250ms` or `1m30s`. Istio's API takes
 * protobuf durations (`1.5s`) and its docs also write `1h/1m/1s/1ms`; both are accepted.
 * Returns undefined for a missing value and throws a readable message for a malformed one.
 */
export function parseDuration(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !DURATION.test(value.trim())) {
    throw new Error(`${where}: "${String(value)}" is not a duration (use e.g. 2s, 0.5s, 250ms)`);
  }
  let total = 0;
  for (const [, amount, unit] of value.trim().matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}
