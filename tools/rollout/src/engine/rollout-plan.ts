import type { AnalysisTarget } from '../metrics/version-metrics';
import type { RolloutValues } from './rollout-values';

/** One step of a rollout: set the routing, then (optionally) judge the new version's traffic. */
export interface RolloutStep {
  /** Short label for progress and reports, e.g. "canary 25%". */
  name: string;
  values: RolloutValues;
  /** Traffic to judge after the interval; absent for steps that only move traffic. */
  analyse?: AnalysisTarget;
  /** Extra HTTP checks to make during this step, e.g. the blue/green preview header. */
  probe?: { header: string; value: string };
}

/** A complete rollout: the steps, where to end on success, and where to return on failure. */
export interface RolloutPlan {
  strategy: 'canary' | 'bluegreen' | 'mirror' | 'ab';
  service: string;
  fromVersion: string;
  toVersion: string;
  /** The track the new version is deployed on: canary, or the idle blue/green colour. */
  newTrack: string;
  steps: RolloutStep[];
  /** Final routing once every step passed (the new version serves everything). */
  promote: RolloutValues;
  /** Routing restored on a failed analysis, an abort or Ctrl-C. */
  rollback: RolloutValues;
}
