/**
 * Asserts that `observed` successes in `trials` independent draws are consistent with
 * probability `p`: within 4.5 standard deviations of the mean (normal approximation to the
 * binomial, plus ½ for continuity). A correct router fails this about once in 150 000 runs,
 * while a real bias of a few percentage points over thousands of requests is caught.
 */
export function expectBinomial(observed: number, trials: number, p: number): void {
  const mean = trials * p;
  const tolerance = 4.5 * Math.sqrt(trials * p * (1 - p)) + 0.5;
  const low = Math.max(0, Math.floor(mean - tolerance));
  const high = Math.min(trials, Math.ceil(mean + tolerance));
  if (observed < low || observed > high) {
    throw new Error(`expected ${low}–${high} of ${trials} (p = ${p}), observed ${observed}`);
  }
}
