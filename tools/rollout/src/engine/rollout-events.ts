import type { Verdict } from '../analysis/verdict';
import type { RolloutPlan, RolloutStep } from './rollout-plan';

/** What the engine reports as it goes; the CLI renders it, the control room streams it. */
export type RolloutEvent =
  | { type: 'started'; plan: RolloutPlan }
  | { type: 'step-started'; index: number; step: RolloutStep }
  | { type: 'step-analysed'; index: number; step: RolloutStep; verdict: Verdict; attempt: number }
  | { type: 'step-passed'; index: number; step: RolloutStep }
  | { type: 'finished'; status: RolloutStatus; reason: string };

export type RolloutStatus = 'promoted' | 'rolled-back' | 'aborted';
