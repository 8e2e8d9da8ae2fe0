import { fetchJson, UnreachableError } from '@courier/contracts';
import type { AnalysisTarget, MetricsProvider, VersionMetrics } from './version-metrics';

interface MeshDestinationStats {
  service: string;
  version: string;
  traffic: 'primary' | 'mirror';
  window: { requests: number; errors: number; latencyMs: { p99: number } };
}

/**
 * Reads the local mesh's own sliding-window statistics (`GET /stats?window=N` on its admin port):
 * the zero-install default, with the same meaning as the PromQL of PrometheusMetrics. Mirrored
 * traffic counts too, so a shadow version is judged on the copies it served.
 */
export class MeshMetrics implements MetricsProvider {
  readonly name = 'local mesh';

  constructor(private readonly adminUrl: string) {}

  async measure(target: AnalysisTarget, windowSeconds: number): Promise<VersionMetrics> {
    const window = Math.max(1, Math.min(Math.round(windowSeconds), 600));
    let answer;
    try {
      answer = await fetchJson<{ destinations: MeshDestinationStats[] }>(`${this.adminUrl}/stats?window=${window}`, { timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      throw new Error(`the local mesh admin API is unreachable at ${this.adminUrl} (${error.reason}). Is npm start running?`);
    }
    if (!answer.ok || !answer.body) throw new Error(`the local mesh answered ${answer.status} for /stats`);
    const { destinations } = answer.body;
    const matching = destinations.filter((d) => d.service === target.service && d.version === target.version);
    const requests = matching.reduce((sum, d) => sum + d.window.requests, 0);
    const errors = matching.reduce((sum, d) => sum + d.window.errors, 0);
    return {
      requests,
      successRate: requests > 0 ? 1 - errors / requests : Number.NaN,
      // The worst p99 among the traffic kinds: an upper bound, never flattering to the new version.
      p99Ms: requests > 0 ? Math.max(...matching.filter((d) => d.window.requests > 0).map((d) => d.window.latencyMs.p99)) : Number.NaN,
    };
  }
}
