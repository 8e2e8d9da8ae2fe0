import type { RolloutConfig } from '../analysis/rollout-config';
import { abPlan } from '../strategies/ab-strategy';
import { blueGreenPlan } from '../strategies/bluegreen-strategy';
import { canaryPlan } from '../strategies/canary-strategy';
import { mirrorPlan } from '../strategies/mirror-strategy';
import type { RolloutPlan } from './rollout-plan';
import type { Colour } from './rollout-values';

/** What a rollout is asked to do, by the CLI's flags or the control room's request. */
export interface PlanRequest {
  strategy: RolloutPlan['strategy'];
  service: string;
  fromVersion: string;
  toVersion: string;
  /** canary: weights in percent; the service's, then the default, from rollout.config.json when absent. */
  steps?: number[];
  /** mirror: the share of requests copied. */
  percent?: number;
  /** ab: `name=value`. */
  header?: string;
  /** bluegreen: the colour serving now (the live state, which only the caller can read). */
  active?: Colour;
}

/**
 * The plan for a request: the one place that turns a strategy and its options into steps, so the
 * CLI and the stack (the control room) roll out alike.
 */
export function planFor(request: PlanRequest, config: RolloutConfig): RolloutPlan {
  const common = { service: request.service, fromVersion: request.fromVersion, toVersion: request.toVersion };
  switch (request.strategy) {
    case 'canary':
      return canaryPlan({ ...common, steps: request.steps ?? config.services[request.service]?.steps ?? config.defaults.steps });
    case 'bluegreen':
      return blueGreenPlan({ ...common, active: request.active ?? 'blue' });
    case 'mirror':
      return mirrorPlan({ ...common, percent: request.percent ?? 100 });
    case 'ab':
      return abPlan({ ...common, header: request.header ?? '' });
  }
}

/** How long each step's analysis window is: the request's, the service's, then the default (seconds in the config). */
export function intervalMsFor(config: RolloutConfig, service: string, requestedMs?: number): number {
  return requestedMs ?? Math.round((config.services[service]?.intervalSeconds ?? config.defaults.intervalSeconds) * 1000);
}
