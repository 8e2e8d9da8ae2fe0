import type { RolloutValues } from './rollout-values';

/** Which workload's traffic to judge: a service's requests answered by one version. */
export interface AnalysisTarget {
  service: string;
  version: string;
}

/** What a metrics provider measured for one target over one window. */
export interface VersionMetrics {
  requests: number;
  /** Fraction of non-5xx answers, 0..1; NaN when there were no requests. */
  successRate: number;
  /** 99th percentile in milliseconds; NaN when there were no requests. */
  p99Ms: number;
}

export type Verdict =
  | { outcome: 'pass'; metrics: VersionMetrics; reasons: string[] }
  | { outcome: 'fail'; metrics: VersionMetrics; reasons: string[] }
  | { outcome: 'inconclusive'; metrics: VersionMetrics; reasons: string[] };

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

export type RolloutStatus = 'promoted' | 'rolled-back' | 'aborted';

/** What the engine reports as it goes; the CLI renders it, the control room streams it. */
export type RolloutEvent =
  | { type: 'started'; plan: RolloutPlan }
  | { type: 'step-started'; index: number; step: RolloutStep }
  | { type: 'step-analysed'; index: number; step: RolloutStep; verdict: Verdict; attempt: number }
  | { type: 'step-passed'; index: number; step: RolloutStep }
  | { type: 'finished'; status: RolloutStatus; reason: string };

/**
 * An event as the stack keeps and relays it: stamped with when it arrived, plus `failed` for a
 * rollout the infrastructure cut short (the engine restored stable first).
 */
export type RelayedRolloutEvent = (RolloutEvent | { type: 'failed'; reason: string }) & { at: string };
