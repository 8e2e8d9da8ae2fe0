import { fetchJson, type IstioReporter, UnreachableError } from '@courier/contracts';
import type { AnalysisTarget, MetricsProvider, VersionMetrics } from './version-metrics';

/**
 * Reads Istio's standard metrics through Prometheus' HTTP API. The same PromQL works against a
 * real mesh (kind, AKS) and against Courier's local mesh, which exports the same names and labels.
 */
export class PrometheusMetrics implements MetricsProvider {
  readonly name = 'prometheus';

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
    /** Whose report is judged: `destination` (sidecar mode, the local mesh), or `waypoint` (ambient). */
    private readonly reporter: IstioReporter = 'destination',
  ) {}

  async measure(target: AnalysisTarget, windowSeconds: number): Promise<VersionMetrics> {
    const selector = `destination_service_name="${target.service}",destination_version="${target.version}",reporter="${this.reporter}"`;
    const window = `${Math.max(1, Math.round(windowSeconds))}s`;
    const [requests, failures, p99] = await Promise.all([
      this.scalar(`sum(increase(istio_requests_total{${selector}}[${window}]))`),
      this.scalar(`sum(increase(istio_requests_total{${selector},response_code=~"5.."}[${window}]))`),
      this.scalar(`histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${window}])))`),
    ]);
    const total = requests ?? 0;
    return {
      requests: total,
      successRate: total > 0 ? 1 - (failures ?? 0) / total : Number.NaN,
      p99Ms: p99 ?? Number.NaN,
    };
  }

  /** One instant query whose answer is a single number, or undefined when the vector is empty. */
  private async scalar(query: string): Promise<number | undefined> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
    let answer;
    try {
      answer = await fetchJson<PromResponse>(url, { timeoutMs: this.timeoutMs });
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      throw new Error(`Prometheus at ${this.baseUrl} is unreachable: ${error.reason}`);
    }
    const body = answer.body;
    if (!answer.ok || body?.status !== 'success') {
      throw new Error(`Prometheus rejected ${query}: ${body?.error ?? answer.status}`);
    }
    const sample = body.data.result[0]?.value?.[1];
    if (sample === undefined) return undefined;
    const value = Number(sample);
    return Number.isNaN(value) ? undefined : value;
  }
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data: { resultType: string; result: { value?: [number, string] }[] };
}
