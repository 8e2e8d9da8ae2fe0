import { IstioMetrics } from './istio-metrics';
import { formatSampleValue } from './prometheus-text';
import { type DestinationIdentity, type SourceIdentity } from './telemetry-identity';
import { type DestinationStats, TrafficWindow } from './traffic-window';

/**
 * Everything the mesh measures. Each request is reported the way Istio's two proxies would
 * report it: once by the caller's side (`reporter="source"`, the response the client got,
 * including injected faults and local replies) and once per attempt that reached a workload by
 * the callee's side (`reporter="destination"`). Mirrored copies are only seen by the callee.
 */
export class MeshTelemetry {
  readonly metrics = new IstioMetrics();
  readonly traffic = new TrafficWindow();
  /** Shadow copies not sent because too many were already in flight. */
  mirrorsDropped = 0;
  routingVersion = 0;

  /** The response a client received. */
  requestCompleted(source: SourceIdentity, destination: DestinationIdentity, version: string, responseCode: number, responseFlags: string, durationMs: number): void {
    this.metrics.record('source', source, destination, responseCode, responseFlags, durationMs);
    this.traffic.record(destination, version, 'primary', responseCode, durationMs);
  }

  /** One attempt that a workload answered (retried attempts included). */
  attemptAnswered(source: SourceIdentity, destination: DestinationIdentity, responseCode: number, durationMs: number): void {
    this.metrics.record('destination', source, destination, responseCode, '-', durationMs);
  }

  /**
   * An attempt the router cut off after it reached the workload (a route or per-try timeout, or
   * the client leaving): the callee's proxy sees its downstream disconnect, and Envoy records that
   * with response code 0 and flag DC. Without it a slow version's timed-out requests would be
   * missing from its own (destination-side) figures.
   */
  attemptCutOff(source: SourceIdentity, destination: DestinationIdentity, durationMs: number): void {
    this.metrics.record('destination', source, destination, 0, 'DC', durationMs);
  }

  /** A mirrored copy that a workload answered; its response went nowhere. */
  shadowAnswered(source: SourceIdentity, destination: DestinationIdentity, responseCode: number, durationMs: number): void {
    this.metrics.record('destination', source, destination, responseCode, '-', durationMs);
    this.traffic.record(destination, destination.version, 'mirror', responseCode, durationMs);
  }

  stats(windowSeconds: number): DestinationStats[] {
    return this.traffic.stats(windowSeconds);
  }

  exposition(): string {
    const memory = process.memoryUsage();
    return [
      this.metrics.expose(),
      '# HELP courier_mesh_routing_version Reloads of the routing table applied so far.',
      '# TYPE courier_mesh_routing_version gauge',
      `courier_mesh_routing_version ${this.routingVersion}`,
      '# HELP courier_mesh_mirror_dropped_total Mirrored copies dropped because too many were in flight.',
      '# TYPE courier_mesh_mirror_dropped_total counter',
      `courier_mesh_mirror_dropped_total ${this.mirrorsDropped}`,
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${formatSampleValue(memory.rss)}`,
      '',
    ].join('\n');
  }
}
