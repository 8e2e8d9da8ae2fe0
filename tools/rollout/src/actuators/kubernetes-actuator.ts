import type { RolloutPlan } from '../engine/rollout-plan';
import { toHelmArgs, type RolloutValues } from '../engine/rollout-values';
import { makeBeforeBreak } from '../kubernetes/make-before-break';
import { deployedTracks, liveTrack, readRelease, trackSettings, type ReleaseState, type TrackSettings } from '../kubernetes/release-state';
import type { Actuator } from './actuator';
import type { CommandRunner } from './command-runner';

export interface KubernetesActuatorOptions {
  runner: CommandRunner;
  namespace: string;
  /** Chart to upgrade with, e.g. charts/delivery or the packaged chart of the build. */
  chartFor: (service: string) => string;
  /** Helm release of a service: each service is its own release, named after it. */
  releaseFor?: (service: string) => string;
  /** Image tag of the new version; by default the version itself (one vocabulary: v1.2.3). */
  newImageTag?: string;
  rolloutTimeout?: string;
  /**
   * The release's state when it cannot be read (--dry-run prints commands without a cluster);
   * otherwise it is read with `helm status` and `helm get values --all`.
   */
  assumedState?: ReleaseState;
}

/**
 * Drives a real cluster through the service's own Helm release: every routing change is a
 * `helm upgrade --reset-then-reuse-values --set rollout.… --set-string tracks.…` (the chart
 * re-renders the VirtualService and DestinationRule), then `kubectl rollout status` on every
 * Deployment the values run, so analysis starts only once the pods are ready.
 *
 * It starts from what the release runs (read once, then tracked), so the live version is never
 * assumed: the new build goes next to whichever track serves today, and each change is split make
 * before break (kubernetes/make-before-break.ts).
 */
export class KubernetesActuator implements Actuator {
  readonly name = 'kubernetes';
  private state?: ReleaseState;
  private plan?: RolloutPlan;

  constructor(private readonly options: KubernetesActuatorOptions) {}

  /** What the release runs now; fails fast, naming the fix, when the release does not exist. */
  async currentState(service: string): Promise<ReleaseState> {
    if (this.state) return this.state;
    if (this.options.assumedState) return (this.state = structuredClone(this.options.assumedState));
    const { runner, namespace } = this.options;
    const release = this.releaseOf(service);
    try {
      await runner.run('helm', ['status', release, '--namespace', namespace]);
    } catch (error) {
      throw new Error(
        `the Helm release "${release}" does not exist in namespace "${namespace}", so there is nothing to roll out from. ` +
          `Install the service first (courier-cluster up, or the pipeline's first deployment): ` +
          `helm upgrade --install ${release} ${this.options.chartFor(service)} --namespace ${namespace} --set-string image.tag=<version>,tracks.stable.version=<version>\n${(error as Error).message}`,
      );
    }
    return (this.state = await readRelease(runner, release, namespace));
  }

  /** The version everyone is served by now. */
  async liveVersion(service: string): Promise<string> {
    const state = await this.currentState(service);
    return trackSettings(state, liveTrack(state.rollout)).version;
  }

  /** The new build's track and version for every step of this rollout. */
  forPlan(plan: RolloutPlan): this {
    this.plan = plan;
    return this;
  }

  async apply(service: string, values: RolloutValues): Promise<void> {
    await this.moveTo(service, values);
  }

  /**
   * Blue/green keeps the switched colour. Otherwise the stable Deployment rolls to the new version
   * while the last step's routing still holds (a rolling update: never fewer ready pods), and then
   * the routes leave the canary before its subset and Deployment go.
   */
  async promote(plan: RolloutPlan): Promise<void> {
    if (plan.strategy !== 'bluegreen') {
      const last = plan.steps.at(-1)?.values ?? plan.promote;
      await this.moveTo(plan.service, last, { stable: this.newBuild(plan) });
    }
    await this.moveTo(plan.service, plan.promote);
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.moveTo(plan.service, plan.rollback);
  }

  /**
   * The tracks for a move to `target`: what the release runs, the new build on its track, and,
   * when the target serves everyone from another track than today (a canary after a blue/green, a
   * blue/green or a rollback from stable-only), the live version carried over to that track, so
   * the version users get never changes by accident.
   */
  private async tracksFor(service: string, target: RolloutValues): Promise<Record<string, TrackSettings>> {
    const state = await this.currentState(service);
    const tracks = structuredClone(state.tracks);
    const serving = liveTrack(target);
    if (serving !== liveTrack(state.rollout)) tracks[serving] = trackSettings(state, liveTrack(state.rollout));
    if (this.plan) tracks[this.plan.newTrack] = this.newBuild(this.plan);
    return tracks;
  }

  private newBuild(plan: RolloutPlan): TrackSettings {
    return { version: plan.toVersion, tag: this.options.newImageTag ?? plan.toVersion };
  }

  private async moveTo(service: string, target: RolloutValues, overrides: Record<string, TrackSettings> = {}): Promise<void> {
    const state = await this.currentState(service);
    const tracks = { ...(await this.tracksFor(service, target)), ...overrides };
    for (const values of makeBeforeBreak(state.rollout, target)) await this.upgrade(service, values, tracks);
  }

  private async upgrade(service: string, values: RolloutValues, tracks: Record<string, TrackSettings>): Promise<void> {
    const { runner, namespace } = this.options;
    const state = await this.currentState(service);
    const timeout = this.options.rolloutTimeout ?? '5m';
    await runner.run('helm', [
      'upgrade',
      this.releaseOf(service),
      this.options.chartFor(service),
      '--namespace',
      namespace,
      // The previous release's values over the new chart's defaults (--reuse-values would keep the
      // old chart's defaults, so a chart upgrade's new settings would never apply).
      '--reset-then-reuse-values',
      ...toHelmArgs({ ...values, warm: values.warm ?? [] }),
      ...changedTrackArgs(state.tracks, tracks),
      '--wait',
      '--timeout',
      timeout,
    ]);
    state.rollout = values;
    state.tracks = structuredClone(tracks);
    for (const track of deployedTracks(values)) {
      await runner.run('kubectl', ['rollout', 'status', `deployment/${service}-${track}`, '--namespace', namespace, '--timeout', timeout]);
    }
  }

  private releaseOf(service: string): string {
    return this.options.releaseFor?.(service) ?? service;
  }
}

/** `--set-string` for every track setting that differs: versions and tags are strings (an all-digit SHA too). */
function changedTrackArgs(before: Record<string, TrackSettings>, after: Record<string, TrackSettings>): string[] {
  const args: string[] = [];
  for (const [track, settings] of Object.entries(after)) {
    if (before[track]?.version !== settings.version) args.push('--set-string', `tracks.${track}.version=${settings.version}`);
    if (settings.tag !== undefined && before[track]?.tag !== settings.tag) args.push('--set-string', `tracks.${track}.tag=${settings.tag}`);
  }
  return args;
}
