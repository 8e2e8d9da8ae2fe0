import type { RolloutPlan } from '../engine/rollout-plan';
import { toHelmArgs, type RolloutValues } from '../engine/rollout-values';
import type { Actuator } from './actuator';
import type { CommandRunner } from './command-runner';

export interface KubernetesActuatorOptions {
  runner: CommandRunner;
  namespace: string;
  /** Chart to upgrade with, e.g. charts/delivery or oci://<acr>.azurecr.io/helm/delivery. */
  chartFor: (service: string) => string;
  /** Helm release name of a service; the umbrella-less default is the service name. */
  releaseFor?: (service: string) => string;
  /** Image tag of the new version; the chart then runs it on the new track. */
  newImageTag?: string;
  rolloutTimeout?: string;
}

/**
 * Drives a real cluster: each routing change is `helm upgrade --reuse-values --set rollout.…`
 * (the chart re-renders the VirtualService and DestinationRule), then `kubectl rollout status` on
 * every Deployment the values run, so analysis starts only once the pods are ready.
 */
export class KubernetesActuator implements Actuator {
  readonly name = 'kubernetes';
  private deployedNewVersion = false;
  private plan?: { track: string; version: string };

  constructor(private readonly options: KubernetesActuatorOptions) {}

  async apply(service: string, values: RolloutValues): Promise<void> {
    await this.upgrade(service, [...toHelmArgs(values), ...this.newTrackArgs()], values);
  }

  /**
   * Blue/green keeps the switched colour. Otherwise the stable Deployment rolls to the new version
   * while the last step's routing still holds, the canary's share drains to 0, and only then does
   * the canary subset go: removing a subset in the same upgrade that stops routing to it races in
   * Envoy (requests for a subset it no longer knows get a 503).
   */
  async promote(plan: RolloutPlan): Promise<void> {
    if (plan.strategy !== 'bluegreen') {
      const last = plan.steps.at(-1)?.values ?? plan.promote;
      await this.upgrade(plan.service, [...toHelmArgs(last), ...this.trackArgs('stable', plan.toVersion)], last);
      const drained: RolloutValues = { ...last, canary: { weight: 0 }, mirror: { percent: 0 }, match: [] };
      await this.upgrade(plan.service, toHelmArgs(drained), drained);
    }
    await this.upgrade(plan.service, toHelmArgs(plan.promote), plan.promote);
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.upgrade(plan.service, toHelmArgs(plan.rollback), plan.rollback);
  }

  /** Which Deployments (one per track) the values run; mirrors courier-lib's deployedTracks. */
  static deployedTracks(values: RolloutValues): string[] {
    if (values.strategy === 'none') return ['stable'];
    if (values.strategy === 'bluegreen') return values.bluegreen.preview ? ['blue', 'green'] : [values.bluegreen.active];
    return ['stable', 'canary'];
  }

  /** Remembers which track and version the new build goes to; set once per rollout by the CLI. */
  forPlan(plan: RolloutPlan): this {
    this.plan = { track: plan.newTrack, version: plan.toVersion };
    return this;
  }

  /** The new build's track is set once, with the first step. */
  private newTrackArgs(): string[] {
    if (!this.plan || this.deployedNewVersion) return [];
    this.deployedNewVersion = true;
    return this.trackArgs(this.plan.track, this.plan.version);
  }

  private trackArgs(track: string, version: string): string[] {
    const args = ['--set', `tracks.${track}.version=${version}`];
    if (this.options.newImageTag) args.push('--set', `tracks.${track}.tag=${this.options.newImageTag}`);
    return args;
  }

  private async upgrade(service: string, helmArgs: string[], values: RolloutValues): Promise<void> {
    const { runner, namespace } = this.options;
    const release = this.options.releaseFor?.(service) ?? service;
    await runner.run('helm', [
      'upgrade',
      release,
      this.options.chartFor(service),
      '--namespace',
      namespace,
      '--reuse-values',
      ...helmArgs,
      '--wait',
      '--timeout',
      this.options.rolloutTimeout ?? '5m',
    ]);
    for (const track of KubernetesActuator.deployedTracks(values)) {
      await runner.run('kubectl', ['rollout', 'status', `deployment/${service}-${track}`, '--namespace', namespace, '--timeout', this.options.rolloutTimeout ?? '5m']);
    }
  }
}
