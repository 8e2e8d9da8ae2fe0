// What the control room shows, once a second: per service its routing, its versions and their
// live traffic, and the current rollout. The browser bundle imports these types too, so the wire
// format has one definition.

/** Live figures for one version of a service: `primary` is routed traffic, `mirror` shadow copies. */
export interface VersionTraffic {
  version: string;
  kind: 'primary' | 'mirror';
  rps: number;
  /** 5xx share, 0..1. */
  errorRate: number;
  p99Ms: number;
}

export type VersionRole = 'stable' | 'new' | 'previous';

/** A version's role, from its place among the versions in release order (v1, v2, …). */
export function versionRole(version: string, stable: string, releaseOrder: readonly string[]): VersionRole {
  if (version === stable) return 'stable';
  return releaseOrder.indexOf(version) > releaseOrder.indexOf(stable) ? 'new' : 'previous';
}

export interface VersionState {
  version: string;
  /**
   * `stable` serves users today. Any other version is what a rollout would move traffic to: `new`
   * if it was released after stable, `previous` if before (after a promotion, the old stable).
   */
  role: VersionRole;
  faults: { errorRate: number; delayMs: number };
  /** True while the version restarts with new fault settings (it takes a few seconds). */
  restarting?: boolean;
}

export type StepState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface RolloutStepView {
  name: string;
  state: StepState;
  /** One line per analysis window, e.g. "pass: success rate 100.0%, p99 20 ms". */
  analysis: string[];
}

export interface RolloutView {
  running: boolean;
  strategy: string;
  fromVersion: string;
  toVersion: string;
  steps: RolloutStepView[];
  /** promoted, rolled-back, aborted or failed once finished. */
  outcome?: string;
  reason?: string;
  timeline: { at: string; text: string }[];
}

export interface ServiceView {
  service: string;
  /** The routing in words: weights, mirror percent, header rules. */
  routing: string[];
  versions: VersionState[];
  traffic: VersionTraffic[];
  rollout?: RolloutView;
}

export interface LoadView {
  running: boolean;
  rps: number;
  sent: number;
  failed: number;
}

export interface ControlRoomSnapshot {
  at: string;
  /** Where the figures come from, shown on screen: "local stack" or "Prometheus". */
  source: string;
  /** The routing API and data plane in words (mesh-profile.ts), shown on screen. */
  mesh: string;
  /** Whether start/promote/abort/bad mode/load work here, and if not, why. */
  actions: { enabled: boolean; note?: string };
  services: ServiceView[];
  load?: LoadView;
  /** Set when the figures could not be read this second; the last good ones stay on screen. */
  error?: string;
}

/** One second of the chart's history: each service's traffic, and which version was stable then. */
export interface HistoryPoint {
  at: string;
  services: { service: string; stable: string | undefined; traffic: VersionTraffic[] }[];
}
