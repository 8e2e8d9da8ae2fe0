import type { RolloutValues, ServiceRouting } from '@courier/contracts';

export { initialRouting, TRACKS, type ServiceRouting, type Track } from '@courier/contracts';

/**
 * After a promotion: canary-style strategies move the new version onto stable (and the old one
 * onto canary, ready for the next rollout); blue/green keeps its colours and the switched values,
 * and stable records what the active colour now serves.
 */
export function promotedRouting(current: ServiceRouting, version: string, values: RolloutValues, strategy: string): ServiceRouting {
  if (strategy === 'bluegreen') return { values, tracks: { ...current.tracks, stable: version } };
  const previous = current.tracks.stable;
  return { values, tracks: { ...current.tracks, stable: version, canary: previous === version ? current.tracks.canary : previous } };
}
