import { LATENCY_SKETCH_SLOTS, latencyQuantile, latencySlot } from './latency-sketch';
import { type DestinationIdentity } from './telemetry-identity';

/** `primary`: requests routed to the destination; `mirror`: shadow copies sent to it. */
export type TrafficKind = 'primary' | 'mirror';

/** The longest window /stats can report on. */
export const MAX_WINDOW_SECONDS = 600;

interface SecondSlot {
  second: number;
  requests: number;
  errors: number;
  /** Allocated on first use, so a destination seen briefly stays small. */
  latency: Uint32Array | undefined;
}

/** Rolling per-second counters for one destination version and traffic kind. */
class DestinationWindow {
  readonly slots: SecondSlot[] = [];
  totalRequests = 0;
  totalErrors = 0;
  readonly responseCodes = new Map<number, number>();
  /** The workloads that answered, by name. */
  readonly workloads = new Set<string>();

  constructor(
    readonly destination: DestinationIdentity,
    readonly version: string,
    readonly traffic: TrafficKind,
    readonly firstSeenMs: number,
  ) {
    for (let index = 0; index < MAX_WINDOW_SECONDS; index++) this.slots.push({ second: -1, requests: 0, errors: 0, latency: undefined });
  }

  record(nowMs: number, responseCode: number, durationMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = this.slots[second % MAX_WINDOW_SECONDS];
    if (slot.second !== second) {
      slot.second = second;
      slot.requests = 0;
      slot.errors = 0;
      slot.latency?.fill(0);
    }
    const isError = responseCode >= 500;
    slot.requests++;
    (slot.latency ??= new Uint32Array(LATENCY_SKETCH_SLOTS))[latencySlot(durationMs)]++;
    this.totalRequests++;
    if (isError) {
      slot.errors++;
      this.totalErrors++;
    }
    this.responseCodes.set(responseCode, (this.responseCodes.get(responseCode) ?? 0) + 1);
  }
}

export interface DestinationStats {
  service: string;
  serviceFqdn: string;
  namespace: string;
  version: string;
  /** The workloads of this version that answered (empty when none was reached). */
  workloads: string[];
  traffic: TrafficKind;
  window: {
    requests: number;
    rps: number;
    errors: number;
    /** Share of 5xx responses, 0–1 (0 when there were no requests). */
    errorRate: number;
    successRate: number;
    latencyMs: { p50: number; p90: number; p99: number };
  };
  total: { requests: number; errors: number; responseCodes: Record<string, number> };
}

/**
 * Live request rate, error rate and latency percentiles per destination version, read by the
 * control room and the rollout engine straight from the mesh (the same figures a Prometheus
 * query over istio_* would give, without needing Prometheus).
 */
export class TrafficWindow {
  /** Windows by service, version and traffic kind (`service|version|kind`). */
  private readonly windows = new Map<string, DestinationWindow>();
  /** The same windows reached through the identity object, which saves building the key per request. */
  private readonly byIdentity = new WeakMap<DestinationIdentity, Map<string, DestinationWindow>>();

  /**
   * Counts one response. `version` is the destination's version even when no workload was
   * reached (a fault abort, no healthy upstream), so failures count against the version the
   * route chose.
   */
  record(destination: DestinationIdentity, version: string, traffic: TrafficKind, responseCode: number, durationMs: number, nowMs = Date.now()): void {
    let known = this.byIdentity.get(destination);
    if (!known) this.byIdentity.set(destination, (known = new Map()));
    const shortKey = traffic === 'primary' ? version : `${version}|mirror`;
    let window = known.get(shortKey);
    if (!window) {
      const key = `${destination.serviceFqdn}|${version}|${traffic}`;
      window = this.windows.get(key);
      if (!window) {
        window = new DestinationWindow(destination, version, traffic, nowMs);
        this.windows.set(key, window);
      }
      known.set(shortKey, window);
    }
    if (destination.workload !== 'unknown' && !window.workloads.has(destination.workload)) window.workloads.add(destination.workload);
    window.record(nowMs, responseCode, durationMs);
  }

  /** Figures over the last `windowSeconds` (including the current, partial second). */
  stats(windowSeconds: number, nowMs = Date.now()): DestinationStats[] {
    const seconds = Math.max(1, Math.min(MAX_WINDOW_SECONDS, Math.floor(windowSeconds)));
    const currentSecond = Math.floor(nowMs / 1000);
    const oldestSecond = currentSecond - seconds + 1;
    return [...this.windows.values()]
      .map((window) => summarise(window, oldestSecond, currentSecond, nowMs))
      .sort((a, b) => `${a.service} ${a.version} ${a.traffic}`.localeCompare(`${b.service} ${b.version} ${b.traffic}`));
  }
}

function summarise(window: DestinationWindow, oldestSecond: number, currentSecond: number, nowMs: number): DestinationStats {
  let requests = 0;
  let errors = 0;
  const latency = new Float64Array(LATENCY_SKETCH_SLOTS);
  for (const slot of window.slots) {
    if (slot.second < oldestSecond || slot.second > currentSecond || !slot.latency) continue;
    requests += slot.requests;
    errors += slot.errors;
    for (let index = 0; index < LATENCY_SKETCH_SLOTS; index++) latency[index] += slot.latency[index];
  }
  // A destination first seen inside the window is averaged over the time it has existed.
  const coveredSeconds = Math.max(0.001, (nowMs - Math.max(window.firstSeenMs, oldestSecond * 1000)) / 1000);
  const { destination } = window;
  return {
    service: destination.serviceName,
    serviceFqdn: destination.serviceFqdn,
    namespace: destination.serviceNamespace,
    version: window.version,
    workloads: [...window.workloads].sort(),
    traffic: window.traffic,
    window: {
      requests,
      rps: round(requests / coveredSeconds),
      errors,
      errorRate: requests === 0 ? 0 : round(errors / requests),
      successRate: requests === 0 ? 1 : round(1 - errors / requests),
      latencyMs: {
        p50: round(latencyQuantile(latency, requests, 0.5)),
        p90: round(latencyQuantile(latency, requests, 0.9)),
        p99: round(latencyQuantile(latency, requests, 0.99)),
      },
    },
    total: {
      requests: window.totalRequests,
      errors: window.totalErrors,
      responseCodes: Object.fromEntries([...window.responseCodes].sort(([a], [b]) => a - b).map(([code, count]) => [String(code), count])),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
