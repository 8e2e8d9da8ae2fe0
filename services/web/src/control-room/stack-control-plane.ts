import { ProblemError, routingLines, type ControlAction, type FaultSettings, type LoadStatus, type MeshStats, type StackDescription, type StackRollouts, type StartRollout } from '@courier/contracts';
import type { Logger } from 'pino';
import type { ControlPlane } from './control-plane';
import { type ControlRoomSnapshot, type LoadView, type ServiceView, type VersionTraffic, versionRole } from './control-room-snapshot';
import { describeMesh, type MeshProfile } from './mesh-profile';
import { callJson } from './json-http';
import { rolloutView } from './rollout-view';

/** Seconds of mesh statistics behind each figure: short enough to move visibly within a step. */
const STATS_WINDOW_SECONDS = 3;
const STACK = 'stack admin API';
/** A bad-mode toggle restarts a service process; that waits for its readiness. */
const RESTART_TIMEOUT_MS = 30_000;

/**
 * The local stack (`npm start`) as the control plane: routing, versions and rollouts from its
 * admin API, live figures from the mesh's own /stats, and every action sent back to the admin
 * API, which runs the rollout engine and the load generator in-process.
 */
export class StackControlPlane implements ControlPlane {
  /** Restarts in progress, by `service/version`. */
  private readonly restarting = new Map<string, Promise<unknown>>();

  /** `controlToken`: sent on every change, as the stack's admin API requires (undefined with CONTROL_AUTH=off). */
  constructor(
    private readonly adminUrl: string,
    private readonly logger: Logger,
    private readonly mesh: MeshProfile,
    private readonly controlToken?: string,
  ) {}

  async snapshot(): Promise<ControlRoomSnapshot> {
    const [stack, rollouts, load] = await Promise.all([
      callJson<StackDescription>(STACK, `${this.adminUrl}/api/stack`),
      callJson<StackRollouts>(STACK, `${this.adminUrl}/api/rollouts`),
      callJson<LoadStatus>(STACK, `${this.adminUrl}/api/load`),
    ]);
    const stats = await callJson<MeshStats>('mesh admin API', `${stack.meshAdmin}/stats?window=${STATS_WINDOW_SECONDS}`);
    // Every service the stack runs, in its order: a generated service appears without edits here.
    const services = Object.entries(stack.services).map(([service, described]): ServiceView => {
      const stable = described.routing.tracks.stable;
      const releaseOrder = described.versions.map((v) => v.version);
      const activity = rollouts[service];
      const traffic: VersionTraffic[] = stats.destinations
        .filter((d) => d.service === service)
        .map((d) => ({ version: d.version, kind: d.traffic, rps: d.window.rps, errorRate: d.window.errorRate, p99Ms: d.window.latencyMs.p99 }));
      return {
        service,
        routing: activity ? routingLines(service, activity.routing) : [],
        versions: described.versions.map((v) => ({
          version: v.version,
          role: versionRole(v.version, stable, releaseOrder),
          faults: v.faults,
          restarting: this.restarting.has(`${service}/${v.version}`),
        })),
        traffic,
        rollout: activity ? rolloutView(activity.events, activity.running) : undefined,
      };
    });
    return {
      at: new Date().toISOString(),
      source: 'local stack · mesh /stats',
      mesh: describeMesh(this.mesh, true),
      actions: { enabled: true },
      services,
      load: loadView(load),
    };
  }

  startRollout(service: string, request: StartRollout): Promise<unknown> {
    return callJson(STACK, `${this.adminUrl}/api/rollouts/${service}`, { method: 'POST', body: request, bearer: this.controlToken });
  }

  control(service: string, action: ControlAction): Promise<unknown> {
    return callJson(STACK, `${this.adminUrl}/api/rollouts/${service}/control`, { method: 'POST', body: { action }, bearer: this.controlToken });
  }

  /**
   * The stack restarts the version with the new settings, which takes seconds: longer than the
   * mesh's per-try timeout in front of web, which would retry the request and restart it twice.
   * So the restart runs in the background (one per version at a time) and snapshots report it.
   */
  async setFaults(service: string, version: string, faults: FaultSettings): Promise<{ restarting: boolean }> {
    const key = `${service}/${version}`;
    if (this.restarting.has(key)) return { restarting: true };
    // The restart answers late and in the background: a version that does not run is refused now.
    const stack = await callJson<StackDescription>(STACK, `${this.adminUrl}/api/stack`);
    if (!stack.services[service]?.versions.some((running) => running.version === version)) {
      throw new ProblemError({ title: 'Not Found', status: 404, detail: `version: no ${version} of ${service} runs in the stack` });
    }
    const url = `${this.adminUrl}/api/rollouts/${service}/versions/${encodeURIComponent(version)}/faults`;
    const restart = callJson(STACK, url, { method: 'PUT', body: faults, timeoutMs: RESTART_TIMEOUT_MS, bearer: this.controlToken })
      .then(() => this.logger.info({ service, version, ...faults }, `${key} restarted with new fault settings`))
      .catch((error: Error) => this.logger.error({ service, version, err: error.message }, `${key} could not be restarted with new fault settings`))
      .finally(() => this.restarting.delete(key));
    this.restarting.set(key, restart);
    return { restarting: true };
  }

  async setLoad(rps: number): Promise<LoadView> {
    return loadView(await callJson<LoadStatus>(STACK, `${this.adminUrl}/api/load`, { method: 'PUT', body: { rps }, bearer: this.controlToken }));
  }
}

function loadView(load: LoadStatus): LoadView {
  return { running: load.running, rps: load.rps, sent: load.lastWindow?.sent ?? 0, failed: load.lastWindow?.failed ?? 0 };
}
