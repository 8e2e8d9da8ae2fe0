import { STABLE_ONLY, type RolloutValues, type TrackVersions } from '@courier/contracts';

export { TRACKS, type Track } from '@courier/contracts';

/**
 * The routing state of one service in the local stack: its chart's rollout values, and which
 * version runs on each track (the `tracks.<track>.version` values of the chart). Promoting a
 * canary locally is what `helm upgrade` does on a cluster: stable now runs the new version.
 */
export interface ServiceRouting {
  values: RolloutValues;
  tracks: TrackVersions;
}

/** v1 on stable and blue; the next version, when there is one, on canary and green. */
export function initialRouting(versions: readonly string[]): ServiceRouting {
  const [current, next = current] = versions;
  return { values: STABLE_ONLY, tracks: { stable: current, blue: current, canary: next, green: next } };
}

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
