import type { RolloutValues } from '../engine/rollout-values';
import { deployedTracks, routedTracks } from './release-state';

/**
 * The routing states to go through, in order, to get from `current` to `target` without a route
 * ever pointing at a Deployment that is not running and ready (Istio's make-before-break advice):
 *
 *   1. make:   tracks the target routes that do not run yet are added as `warm` (created, migrated,
 *              waited for) while the current routes still hold;
 *   2. switch: the target routes, with the tracks that stop serving kept `warm`;
 *   3. break:  the target alone; the retired tracks' Deployments and subsets go.
 *
 * Steps that would change nothing are left out, so an ordinary weight change is one upgrade.
 */
export function makeBeforeBreak(current: RolloutValues, target: RolloutValues): RolloutValues[] {
  const running = deployedTracks(current);
  const wanted = routedTracks(target);
  const starting = wanted.filter((track) => !running.includes(track));
  const retiring = running.filter((track) => !wanted.includes(track));
  const states: RolloutValues[] = [];
  if (starting.length > 0) states.push({ ...current, warm: [...(current.warm ?? []), ...starting] });
  states.push({ ...target, warm: retiring });
  if (retiring.length > 0) states.push({ ...target, warm: [] });
  return states;
}
