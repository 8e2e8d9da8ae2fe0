import { HttpProbeTraffic, intervalMsFor, LOCAL_PROBE_PATH, loadRolloutConfig, MeshMetrics, planFor, RolloutEngine, thresholdsFor, writeReport, type RolloutPlan, type RolloutReport } from '@courier/rollout';
import type { LocalStack } from './local-stack';
import type { RolloutActivity } from './rollout-activity';
import { RolloutRequestError, type RolloutRequest } from './rollout-request';
import { StackActuator } from './stack-actuator';

export interface RolloutRunnerOptions {
  stack: LocalStack;
  activity: RolloutActivity;
  /** rollout.config.json: thresholds, default steps and interval. */
  configFile: string;
  /** Where each finished rollout's report goes (rollout-<service>.json and .md), as the CLI's --report-dir. */
  reportDir: string;
}

interface RunningRollout {
  plan: RolloutPlan;
  abort: AbortController;
  promote: AbortController;
  done: Promise<void>;
}

/** What a started rollout looks like to the caller. */
export interface StartedRollout {
  service: string;
  strategy: RolloutPlan['strategy'];
  fromVersion: string;
  toVersion: string;
  steps: string[];
  intervalMs: number;
}

/**
 * Runs the rollout engine inside the stack for the control room: the same plans (planFor), mesh
 * metrics and thresholds as `courier rollout`, with an actuator that calls the stack directly,
 * and its events published into RolloutActivity so the timeline shows them. One rollout per
 * service at a time.
 */
export class RolloutRunner {
  private readonly running = new Map<string, RunningRollout>();

  constructor(private readonly options: RolloutRunnerOptions) {}

  isRunning(service: string): boolean {
    return this.running.has(service);
  }

  async start(service: string, request: RolloutRequest): Promise<StartedRollout> {
    const { stack, activity, configFile } = this.options;
    const described = stack.describe().services[service as keyof ReturnType<LocalStack['describe']>['services']];
    if (!described) throw new RolloutRequestError(404, `service: the local stack runs no service "${service}"`);
    const current = this.running.get(service);
    if (current) throw new RolloutRequestError(409, `a ${current.plan.strategy} rollout of ${service} is already running: promote or abort it first`);
    const { values, tracks } = described.routing;
    const fromVersion = tracks.stable;
    const toVersion = described.versions.map((v) => v.version).find((v) => v !== fromVersion);
    if (!toVersion) throw new RolloutRequestError(409, `only ${fromVersion} of ${service} runs locally: there is no other version to roll out`);

    const config = await loadRolloutConfig(configFile);
    const intervalMs = intervalMsFor(config, service, request.intervalSeconds === undefined ? undefined : Math.round(request.intervalSeconds * 1000));
    const active = values.strategy === 'bluegreen' ? values.bluegreen.active : 'blue';
    const plan = planFor({ service, fromVersion, toVersion, strategy: request.strategy, steps: request.steps, percent: request.percent, active }, config);

    const abort = new AbortController();
    const promote = new AbortController();
    const engine = new RolloutEngine({
      actuator: new StackActuator(stack, plan),
      metrics: new MeshMetrics(stack.meshAdminUrl),
      thresholds: thresholdsFor(config, service),
      intervalMs,
      signal: abort.signal,
      promoteSignal: promote.signal,
      // Through the service's mesh listener, so its VirtualService routes them by their header.
      probes: new HttpProbeTraffic(`${described.meshListener}${LOCAL_PROBE_PATH}`),
      onEvent: (event) => activity.record(service, event),
    });
    const done = engine
      .run(plan)
      .then(
        (report) => this.saveReport(report),
        // An infrastructure failure mid-rollout: the engine restored stable; the timeline says why.
        (error: Error) => activity.record(service, { type: 'failed', reason: error.message }),
      )
      .finally(() => this.running.delete(service));
    this.running.set(service, { plan, abort, promote, done });
    return { service, strategy: plan.strategy, fromVersion, toVersion, steps: plan.steps.map((s) => s.name), intervalMs };
  }

  /** Writes a finished rollout's report; a failure to write it does not make the rollout fail. */
  private async saveReport(report: RolloutReport): Promise<void> {
    try {
      await writeReport(report, this.options.reportDir);
    } catch (error) {
      process.stderr.write(`courier-stack: could not write the ${report.service} rollout report: ${(error as Error).message}\n`);
    }
  }

  /** Promote or abort the running rollout of a service; false when none runs here. */
  control(service: string, action: 'promote' | 'abort'): boolean {
    const rollout = this.running.get(service);
    if (!rollout) return false;
    (action === 'abort' ? rollout.abort : rollout.promote).abort();
    return true;
  }

  /** Aborts every running rollout (stable restored) and waits for them to finish. */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const rollout of all) rollout.abort.abort();
    await Promise.all(all.map((rollout) => rollout.done));
  }
}
