import type { Actuator } from '../actuators/actuator';
import { judge, type Verdict } from '../analysis/verdict';
import type { Thresholds } from '../analysis/thresholds';
import type { MetricsProvider } from '../metrics/version-metrics';
import type { RolloutEvent, RolloutStatus } from './rollout-events';
import type { ProbeTraffic } from './probe-traffic';
import type { RolloutPlan } from './rollout-plan';
import type { RolloutReport, StepRecord } from './rollout-report';

export interface RolloutEngineOptions {
  actuator: Actuator;
  metrics: MetricsProvider;
  thresholds: Thresholds;
  /** How long each step holds before it is analysed. */
  intervalMs: number;
  /** Extra windows to wait when a window has too little traffic, before giving up (rolled back). */
  maxInconclusiveWindows?: number;
  onEvent?: (event: RolloutEvent) => void;
  /** Abort (Ctrl-C, `courier rollout abort`): roll back to stable. */
  signal?: AbortSignal;
  /** Skip the remaining steps and promote now (`courier rollout promote`). */
  promoteSignal?: AbortSignal;
  now?: () => Date;
  /** Sends header-carrying requests during probed steps (blue/green preview, A/B). */
  probes?: ProbeTraffic;
}

class Interrupted extends Error {}

/**
 * Runs a plan: for each step set the routing, wait an interval, judge the new version's metrics
 * against the thresholds, and go on, or roll back. Promotes when every step passed.
 */
export class RolloutEngine {
  constructor(private readonly options: RolloutEngineOptions) {}

  async run(plan: RolloutPlan): Promise<RolloutReport> {
    const now = this.options.now ?? (() => new Date());
    const startedAt = now().toISOString();
    const steps: StepRecord[] = [];
    const emit = (event: RolloutEvent) => this.options.onEvent?.(event);
    const finish = (status: RolloutStatus, reason: string): RolloutReport => {
      emit({ type: 'finished', status, reason });
      return {
        service: plan.service,
        strategy: plan.strategy,
        fromVersion: plan.fromVersion,
        toVersion: plan.toVersion,
        status,
        reason,
        metricsProvider: this.options.metrics.name,
        actuator: this.options.actuator.name,
        startedAt,
        finishedAt: now().toISOString(),
        steps,
      };
    };

    emit({ type: 'started', plan });
    try {
      for (const [index, step] of plan.steps.entries()) {
        if (this.options.promoteSignal?.aborted) break;
        const record: StepRecord = { name: step.name, startedAt: now().toISOString(), verdicts: [] };
        steps.push(record);
        emit({ type: 'step-started', index, step });
        await this.options.actuator.apply(plan.service, step.values);
        const stopProbes = await this.options.probes?.start(step);
        let verdict: Verdict | undefined;
        try {
          verdict = await this.analyse(plan, index, record);
        } finally {
          await stopProbes?.();
        }
        record.finishedAt = now().toISOString();
        if (verdict && verdict.outcome !== 'pass') {
          await this.options.actuator.rollback(plan);
          return finish('rolled-back', `${step.name}: ${verdict.reasons.join('; ')}`);
        }
        emit({ type: 'step-passed', index, step });
      }
      await this.options.actuator.promote(plan);
      const early = this.options.promoteSignal?.aborted ? ' (promoted on request)' : '';
      return finish('promoted', `${plan.toVersion} serves all traffic${early}`);
    } catch (error) {
      if (error instanceof Interrupted) {
        await this.options.actuator.rollback(plan);
        return finish('aborted', 'aborted on request; stable restored');
      }
      // An infrastructure error mid-rollout: restore stable before reporting it.
      await this.options.actuator.rollback(plan).catch(() => undefined);
      throw error;
    }
  }

  /** Waits and judges until a window is conclusive, or the inconclusive budget runs out. */
  private async analyse(plan: RolloutPlan, index: number, record: StepRecord): Promise<Verdict | undefined> {
    const step = plan.steps[index];
    const maxWindows = 1 + (this.options.maxInconclusiveWindows ?? 3);
    let verdict: Verdict | undefined;
    for (let attempt = 1; attempt <= maxWindows; attempt++) {
      await this.wait(this.options.intervalMs);
      if (!step.analyse) return undefined;
      if (this.options.promoteSignal?.aborted) return undefined;
      const metrics = await this.options.metrics.measure(step.analyse, this.options.intervalMs / 1000);
      verdict = judge(metrics, this.options.thresholds);
      record.verdicts.push(verdict);
      this.options.onEvent?.({ type: 'step-analysed', index, step, verdict, attempt });
      if (verdict.outcome !== 'inconclusive') return verdict;
    }
    return verdict;
  }

  private wait(ms: number): Promise<void> {
    const { signal, promoteSignal } = this.options;
    if (signal?.aborted) return Promise.reject(new Interrupted());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        promoteSignal?.removeEventListener('abort', done);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        promoteSignal?.removeEventListener('abort', done);
        reject(new Interrupted());
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      promoteSignal?.addEventListener('abort', done, { once: true });
    });
  }
}
