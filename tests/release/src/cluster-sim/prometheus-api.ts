import { type ClusterState, inAmbientMesh } from './cluster-state';
import { trafficKey, versionsWithTraffic } from './traffic';

/** What a version's requests look like over any window: healthy, or (a bad build) failing and slow. */
export const HEALTHY = { requests: 600, failureRate: 0, p99Ms: 25 } as const;
export const BAD = { requests: 600, failureRate: 0.2, p99Ms: 400 } as const;

type PrometheusAnswer = { status: number; body: unknown };

/**
 * Prometheus' `/api/v1/query` for the rollout analysis' three queries over Istio's standard
 * metrics (tools/rollout/src/metrics/prometheus-metrics.ts): requests, 5xx responses and the p99
 * latency of one service version. A version without traffic has no series: an empty vector; so
 * does a query for the wrong reporter (`destination` in an ambient namespace, where only the
 * waypoint reports requests, or `waypoint` where sidecars do).
 */
export function answerQuery(state: ClusterState, query: string | null, badVersions: ReadonlySet<string>): PrometheusAnswer {
  const service = /destination_service_name="([^"]+)"/.exec(query ?? '')?.[1];
  const version = /destination_version="([^"]+)"/.exec(query ?? '')?.[1];
  const reporter = /reporter="([^"]+)"/.exec(query ?? '')?.[1];
  if (!query || !service || !version || (reporter !== 'destination' && reporter !== 'waypoint')) {
    return { status: 400, body: { status: 'error', errorType: 'bad_data', error: `the cluster simulator answers the rollout analysis' queries only (got ${JSON.stringify(query)})` } };
  }
  const vector = (value: number) => ({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, String(value)] }] } } });
  const empty = { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } };
  if (!versionsWithTraffic(state).has(trafficKey(service, version))) return empty;
  // Only the proxy that sees a request reports it: the callee's sidecar, or in ambient mode the waypoint.
  if (reporterFor(state, service) !== reporter) return empty;
  const profile = badVersions.has(version) || badVersions.has(trafficKey(service, version)) ? BAD : HEALTHY;
  if (query.startsWith('histogram_quantile(')) return vector(profile.p99Ms);
  // No 5xx series at all when nothing failed, as in Prometheus.
  if (/response_code=~"5\.\."/.test(query)) return profile.failureRate > 0 ? vector(profile.requests * profile.failureRate) : { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } };
  return vector(profile.requests);
}

/** Who reports a service's requests: its pods' sidecars, or the waypoint when its namespace is ambient. */
function reporterFor(state: ClusterState, service: string): 'destination' | 'waypoint' {
  const pods = Object.values(state.deployments).find((deployment) => deployment.template.labels.app === service);
  return pods && inAmbientMesh(state.namespaces[pods.namespace]) ? 'waypoint' : 'destination';
}
