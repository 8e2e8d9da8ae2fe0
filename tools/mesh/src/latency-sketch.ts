const MIN_MS = 0.01;
const GROWTH = 1.06;
const LOG_GROWTH = Math.log(GROWTH);
/** 0.01 ms to beyond an hour; a quantile is reported within 3% of the true value. */
export const LATENCY_SKETCH_SLOTS = 340;

/** The slot of a duration: slot i covers (MIN·GROWTHⁱ⁻¹, MIN·GROWTHⁱ]. */
export function latencySlot(durationMs: number): number {
  if (durationMs <= MIN_MS) return 0;
  return Math.min(LATENCY_SKETCH_SLOTS - 1, Math.ceil(Math.log(durationMs / MIN_MS) / LOG_GROWTH));
}

/**
 * A quantile (0–1) of the durations counted in `slots`, within 3% of the true value: log-spaced
 * counters give percentiles without keeping every sample, which matters at thousands of
 * requests per second.
 */
export function latencyQuantile(slots: ArrayLike<number>, total: number, quantile: number): number {
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(quantile * total));
  let seen = 0;
  for (let slot = 0; slot < slots.length; slot++) {
    seen += slots[slot];
    if (seen >= rank) return slot === 0 ? MIN_MS : MIN_MS * GROWTH ** (slot - 0.5);
  }
  return MIN_MS * GROWTH ** (slots.length - 1);
}
