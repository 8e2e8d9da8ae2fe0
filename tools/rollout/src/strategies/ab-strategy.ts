import type { RolloutPlan } from '../engine/rollout-plan';
import { STABLE_ONLY } from '../engine/rollout-values';

export interface AbOptions {
  service: string;
  fromVersion: string;
  toVersion: string;
  /** `name=value`: requests carrying this header go to the new version. */
  header: string;
}

/** Route one audience (by header) to the new version and judge it on that audience's traffic. */
export function abPlan(options: AbOptions): RolloutPlan {
  const [header, value] = options.header.split('=');
  if (!header || value === undefined || value === '') throw new Error(`--header must look like name=value (got "${options.header}")`);
  return {
    strategy: 'ab',
    service: options.service,
    fromVersion: options.fromVersion,
    toVersion: options.toVersion,
    newTrack: 'canary',
    steps: [
      {
        name: `A/B ${header}=${value}`,
        values: { ...STABLE_ONLY, strategy: 'canary', canary: { weight: 0 }, match: [{ header: header.toLowerCase(), exact: value, track: 'canary' }] },
        analyse: { service: options.service, version: options.toVersion },
        probe: { header: header.toLowerCase(), value },
      },
    ],
    promote: STABLE_ONLY,
    rollback: STABLE_ONLY,
  };
}
