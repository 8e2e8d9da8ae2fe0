import { ProblemError } from '@courier/contracts';
import type { ControlPlane } from './control-plane';
import { type ControlRoomSnapshot, type VersionTraffic } from './control-room-snapshot';
import { callJson } from './json-http';
import { istioReporterFor } from '@courier/contracts';
import { describeMesh, type MeshProfile, routesCommand } from './mesh-profile';

/** Why actions are refused on a cluster; shown on screen and in every 501. */
export const PIPELINE_NOTE =
  'On Kubernetes, rollouts are driven by the pipeline (pipelines/<service>.yml) or `npx courier rollout <strategy> <service> --target kubernetes`; the control room only watches.';

/** Istio's standard metrics as the proxy in front of the callee reports them, per service and version. */
const BY_VERSION = 'destination_service_name, destination_version';
const WINDOW = '1m';

interface PromVector {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/**
 * The control room on Kubernetes: live figures from the cluster's Prometheus (the same Istio
 * metrics the rollout analysis reads), no actions. Changing routing belongs to `helm upgrade`
 * through the pipeline, which keeps the chart's values the single source of truth. Without
 * PROMETHEUS_URL there is nothing to read, and the snapshot says so.
 */
export class PipelineControlPlane implements ControlPlane {
  constructor(
    private readonly prometheusUrl: string | undefined,
    private readonly mesh: MeshProfile,
  ) {}

  async snapshot(): Promise<ControlRoomSnapshot> {
    const base = { at: new Date().toISOString(), actions: { enabled: false, note: PIPELINE_NOTE }, mesh: describeMesh(this.mesh, false) };
    const selector = `reporter="${istioReporterFor(this.mesh.mode)}"`;
    if (!this.prometheusUrl) {
      throw ProblemError.dependencyUnavailable('control plane', 'neither STACK_ADMIN_URL (local stack) nor PROMETHEUS_URL (Kubernetes) is set');
    }
    const [rps, errors, p99] = await Promise.all([
      this.query(`sum by (${BY_VERSION}) (rate(istio_requests_total{${selector}}[${WINDOW}]))`),
      this.query(`sum by (${BY_VERSION}) (rate(istio_requests_total{${selector},response_code=~"5.."}[${WINDOW}]))`),
      this.query(`histogram_quantile(0.99, sum by (${BY_VERSION}, le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${WINDOW}])))`),
    ]);
    // The services Istio saw requests for, whatever they are called.
    const seen = [...new Set([...rps.keys()].map((key) => key.split('|')[0]))].sort();
    const services = seen.map((service) => {
      const traffic: VersionTraffic[] = [...rps.entries()]
        .filter(([key]) => key.startsWith(`${service}|`))
        .map(([key, value]) => ({
          version: key.split('|')[1],
          kind: 'primary',
          rps: value,
          errorRate: value > 0 ? (errors.get(key) ?? 0) / value : 0,
          p99Ms: p99.get(key) ?? 0,
        }));
      return { service, routing: [`routing: see the routes (${routesCommand(this.mesh.routingApi)})`], versions: [], traffic };
    });
    return { ...base, source: `Prometheus (Istio metrics, reporter="${istioReporterFor(this.mesh.mode)}")`, services };
  }

  startRollout(): Promise<never> {
    throw notHere();
  }

  control(): Promise<never> {
    throw notHere();
  }

  setFaults(): Promise<never> {
    throw notHere();
  }

  setLoad(): Promise<never> {
    throw notHere();
  }

  /** One instant vector, keyed `service|version`. */
  private async query(promql: string): Promise<Map<string, number>> {
    const body = await callJson<PromVector>('Prometheus', `${this.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const values = new Map<string, number>();
    for (const { metric, value } of body.data.result) {
      const number = Number(value[1]);
      if (Number.isFinite(number)) values.set(`${metric.destination_service_name}|${metric.destination_version}`, number);
    }
    return values;
  }
}

function notHere(): ProblemError {
  return new ProblemError({ type: 'https://courier.dev/problems/not-implemented', title: 'Not Implemented', status: 501, detail: PIPELINE_NOTE });
}
