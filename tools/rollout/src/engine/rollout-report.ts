import type { Verdict } from '../analysis/verdict';
import type { RolloutPlan } from './rollout-plan';
import type { RolloutStatus } from './rollout-events';

export interface StepRecord {
  name: string;
  startedAt: string;
  finishedAt?: string;
  /** Every analysis window of the step, inconclusive ones included. */
  verdicts: Verdict[];
}

/** The outcome of a rollout, written as JSON (for machines) and markdown (for a pipeline summary). */
export interface RolloutReport {
  service: string;
  strategy: RolloutPlan['strategy'];
  fromVersion: string;
  toVersion: string;
  status: RolloutStatus;
  reason: string;
  metricsProvider: string;
  actuator: string;
  startedAt: string;
  finishedAt: string;
  steps: StepRecord[];
}

/** 0 promoted, 2 rolled back (a failed analysis or an abort); 1 is reserved for errors. */
export function exitCodeFor(report: RolloutReport): number {
  return report.status === 'promoted' ? 0 : 2;
}
