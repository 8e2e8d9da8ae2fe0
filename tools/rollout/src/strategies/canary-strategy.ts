import type { RolloutPlan } from '../engine/rollout-plan';
import { STABLE_ONLY } from '../engine/rollout-values';

export interface CanaryOptions {
  service: string;
  fromVersion: string;
  toVersion: string;
  /** Canary weights in percent, ascending; each is held for one interval and analysed. */
  steps: number[];
}

/** Shift a growing share of traffic to the canary track, judging the new version at every step. */
export function canaryPlan(options: CanaryOptions): RolloutPlan {
  for (const weight of options.steps) {
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) throw new Error(`--steps: every weight must be a whole percent between 1 and 100 (got ${weight})`);
  }
  const sorted = [...options.steps].sort((a, b) => a - b);
  if (sorted.join() !== options.steps.join()) throw new Error(`--steps must ascend (got ${options.steps.join(',')})`);
  const target = { service: options.service, version: options.toVersion };
  return {
    strategy: 'canary',
    service: options.service,
    fromVersion: options.fromVersion,
    toVersion: options.toVersion,
    newTrack: 'canary',
    steps: options.steps.map((weight) => ({
      name: `canary ${weight}%`,
      values: { ...STABLE_ONLY, strategy: 'canary', canary: { weight } },
      analyse: target,
    })),
    promote: STABLE_ONLY,
    rollback: STABLE_ONLY,
  };
}
