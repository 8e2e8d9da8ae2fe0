import type { AnalysisTarget, VersionMetrics } from '@courier/contracts';

export type { AnalysisTarget, VersionMetrics } from '@courier/contracts';

/**
 * A source of Istio-shaped metrics: Prometheus (kind, AKS, or local with --with-prometheus) or the
 * local mesh directly. The engine only asks this one question.
 */
export interface MetricsProvider {
  readonly name: string;
  measure(target: AnalysisTarget, windowSeconds: number): Promise<VersionMetrics>;
}
