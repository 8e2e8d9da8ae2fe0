import type { RolloutPlan } from '../engine/rollout-plan';
import { STABLE_ONLY } from '../engine/rollout-values';

export interface MirrorOptions {
  service: string;
  fromVersion: string;
  toVersion: string;
  /** Share of live requests copied to the new version, 1..100. */
  percent: number;
}

/**
 * Copy live traffic to the new version without letting it answer anyone (its writes are rolled
 * back), judge its own success rate and latency, then promote or discard it.
 */
export function mirrorPlan(options: MirrorOptions): RolloutPlan {
  if (!(options.percent > 0 && options.percent <= 100)) throw new Error(`--percent must be between 1 and 100 (got ${options.percent})`);
  return {
    strategy: 'mirror',
    service: options.service,
    fromVersion: options.fromVersion,
    toVersion: options.toVersion,
    newTrack: 'canary',
    steps: [
      {
        name: `mirror ${options.percent}%`,
        values: { ...STABLE_ONLY, strategy: 'mirror', mirror: { percent: options.percent } },
        analyse: { service: options.service, version: options.toVersion },
      },
    ],
    promote: STABLE_ONLY,
    rollback: STABLE_ONLY,
  };
}
