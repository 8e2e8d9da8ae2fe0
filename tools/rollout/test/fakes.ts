import type { Actuator } from '../src/actuators/actuator';
import type { RolloutPlan } from '../src/engine/rollout-plan';
import type { RolloutValues } from '../src/engine/rollout-values';
import type { AnalysisTarget, MetricsProvider, VersionMetrics } from '../src/metrics/version-metrics';

/** Records every routing change, so tests can assert the exact sequence the engine applied. */
export class RecordingActuator implements Actuator {
  readonly name = 'recording';
  readonly log: string[] = [];
  readonly applied: RolloutValues[] = [];

  async apply(service: string, values: RolloutValues) {
    this.applied.push(values);
    this.log.push(`apply ${service} ${values.strategy}${values.strategy === 'canary' ? ` ${values.canary.weight}` : ''}`);
  }
  async promote(plan: RolloutPlan) {
    this.log.push(`promote ${plan.service} ${plan.toVersion}`);
  }
  async rollback(plan: RolloutPlan) {
    this.log.push(`rollback ${plan.service} ${plan.fromVersion}`);
  }
}

/** Answers each measurement from a script, in order (the last entry repeats). */
export class ScriptedMetrics implements MetricsProvider {
  readonly name = 'scripted';
  readonly asked: AnalysisTarget[] = [];
  constructor(private readonly script: VersionMetrics[]) {}
  async measure(target: AnalysisTarget): Promise<VersionMetrics> {
    this.asked.push(target);
    return this.script[Math.min(this.asked.length - 1, this.script.length - 1)];
  }
}

export const healthy: VersionMetrics = { requests: 500, successRate: 1, p99Ms: 40 };
export const failing: VersionMetrics = { requests: 500, successRate: 0.8, p99Ms: 40 };
export const slow: VersionMetrics = { requests: 500, successRate: 1, p99Ms: 2400 };
export const quiet: VersionMetrics = { requests: 3, successRate: 1, p99Ms: 10 };
