/**
 * The release strategies the sequences go through: the rollouts a pipeline or an operator runs,
 * and the ways they end.
 */
export const STRATEGIES = ['none', 'canary', 'bluegreen', 'mirror', 'ab', 'abort', 'rollback', 'promote'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * A sequence in which every strategy follows every strategy (itself included) exactly once: a de
 * Bruijn sequence of order 2 over the strategies, 8² + 1 = 65 releases long. One run from a fresh
 * install then covers all 64 ordered pairs, instead of 64 runs of three releases each.
 */
export function everyPairOnce<T>(symbols: readonly T[]): T[] {
  const k = symbols.length;
  const a = new Array<number>(k * 2).fill(0);
  const out: number[] = [];
  // The classic recursive construction (Fredricksen, Kessler, Maiorana) for order n = 2.
  const db = (t: number, p: number) => {
    if (t > 2) {
      if (2 % p === 0) out.push(...a.slice(1, p + 1));
      return;
    }
    a[t] = a[t - p];
    db(t + 1, p);
    for (let j = a[t - p] + 1; j < k; j++) {
      a[t] = j;
      db(t + 1, t);
    }
  };
  db(1, 1);
  // The sequence is cyclic: repeat the first symbol to close the last pair.
  return [...out, out[0]].map((index) => symbols[index]);
}
