import { formatLabels, formatSampleValue } from './prometheus-text';
import { type DestinationIdentity, type SourceIdentity } from './telemetry-identity';

/** Istio's default bucket boundaries for istio_request_duration_milliseconds. */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/** `source`: reported by the caller's proxy (one per request); `destination`: by the callee's (one per attempt that reached it). */
export type Reporter = 'source' | 'destination';

interface Series {
  readonly labels: string;
  count: number;
  sum: number;
  /** Per-bucket (not cumulative) counts; the last slot is +Inf. */
  readonly buckets: Float64Array;
}

/**
 * istio_requests_total and istio_request_duration_milliseconds with Istio's standard labels, so
 * the PromQL written for a real mesh (Kiali, Flagger-style success rate and p99 queries) works
 * unchanged against the local one. Each label combination is formatted once, when first seen.
 */
export class IstioMetrics {
  /** Series by reporter, then caller and callee, then response code, then flags: nested maps avoid building a string key per request. */
  private readonly series = new Map<number, Map<number, Map<string, Series>>>();
  private readonly identityKeys = new WeakMap<SourceIdentity | DestinationIdentity, number>();
  /** Identities with equal labels share a key, so they share a series (two workload entries may both say `delivery-v1`). */
  private readonly internedLabels = new Map<string, number>();

  record(reporter: Reporter, source: SourceIdentity, destination: DestinationIdentity, responseCode: number, responseFlags: string, durationMs: number): void {
    const peers = (this.keyOf(source) * 1_000_000 + this.keyOf(destination)) * 2 + (reporter === 'source' ? 0 : 1);
    let byCode = this.series.get(peers);
    if (!byCode) this.series.set(peers, (byCode = new Map()));
    let byFlags = byCode.get(responseCode);
    if (!byFlags) byCode.set(responseCode, (byFlags = new Map()));
    let series = byFlags.get(responseFlags);
    if (!series) {
      series = { labels: seriesLabels(reporter, source, destination, responseCode, responseFlags), count: 0, sum: 0, buckets: new Float64Array(ISTIO_DURATION_BUCKETS_MS.length + 1) };
      byFlags.set(responseFlags, series);
    }
    series.count++;
    series.sum += durationMs;
    let bucket = 0;
    while (bucket < ISTIO_DURATION_BUCKETS_MS.length && durationMs > ISTIO_DURATION_BUCKETS_MS[bucket]) bucket++;
    series.buckets[bucket]++;
  }

  /** The Prometheus text exposition (format 0.0.4) of both metrics. */
  expose(): string {
    const all: Series[] = [];
    for (const byCode of this.series.values()) for (const byFlags of byCode.values()) all.push(...byFlags.values());
    const lines: string[] = [
      '# HELP istio_requests_total Total requests, by source and destination workload and response code.',
      '# TYPE istio_requests_total counter',
    ];
    for (const series of all) lines.push(`istio_requests_total{${series.labels}} ${series.count}`);
    lines.push(
      '# HELP istio_request_duration_milliseconds Request duration in milliseconds, from the request to the last byte of the response.',
      '# TYPE istio_request_duration_milliseconds histogram',
    );
    for (const series of all) {
      let cumulative = 0;
      ISTIO_DURATION_BUCKETS_MS.forEach((bound, index) => {
        cumulative += series.buckets[index];
        lines.push(`istio_request_duration_milliseconds_bucket{${series.labels},le="${formatSampleValue(bound)}"} ${cumulative}`);
      });
      lines.push(`istio_request_duration_milliseconds_bucket{${series.labels},le="+Inf"} ${series.count}`);
      lines.push(`istio_request_duration_milliseconds_sum{${series.labels}} ${formatSampleValue(series.sum)}`);
      lines.push(`istio_request_duration_milliseconds_count{${series.labels}} ${series.count}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private keyOf(identity: SourceIdentity | DestinationIdentity): number {
    let key = this.identityKeys.get(identity);
    if (key === undefined) {
      const labels = Object.values(identity).join('\u0001');
      key = this.internedLabels.get(labels);
      if (key === undefined) {
        key = this.internedLabels.size + 1;
        this.internedLabels.set(labels, key);
      }
      this.identityKeys.set(identity, key);
    }
    return key;
  }
}

/** Istio's standard label set, in the order its proxies print it. */
function seriesLabels(reporter: Reporter, source: SourceIdentity, destination: DestinationIdentity, responseCode: number, responseFlags: string): string {
  return formatLabels([
    ['response_code', String(responseCode)],
    ['reporter', reporter],
    ['source_workload', source.workload],
    ['source_workload_namespace', source.namespace],
    ['source_principal', 'unknown'],
    ['source_app', source.app],
    ['source_version', source.version],
    ['source_cluster', 'Kubernetes'],
    ['destination_workload', destination.workload],
    ['destination_workload_namespace', destination.namespace],
    ['destination_principal', 'unknown'],
    ['destination_app', destination.app],
    ['destination_version', destination.version],
    // Courier's addition (see DestinationIdentity.track), placed next to the version it qualifies.
    ['destination_track', destination.track],
    ['destination_service', destination.serviceFqdn],
    ['destination_service_name', destination.serviceName],
    ['destination_service_namespace', destination.serviceNamespace],
    ['destination_cluster', 'Kubernetes'],
    ['request_protocol', 'http'],
    ['response_flags', responseFlags],
    ['grpc_response_status', ''],
    // Locally there is no mTLS between the mesh and the workloads.
    ['connection_security_policy', reporter === 'destination' ? 'none' : 'unknown'],
    ['source_canonical_service', source.app],
    ['destination_canonical_service', destination.app],
    ['source_canonical_revision', source.version],
    ['destination_canonical_revision', destination.version],
  ]);
}
