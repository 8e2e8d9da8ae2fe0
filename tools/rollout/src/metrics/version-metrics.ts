/** Which workload's traffic to judge: a service's requests answered by one version. */
export interface AnalysisTarget {
  service: string;
  version: string;
}

/** What a metrics provider measured for one target over one window. */
export interface VersionMetrics {
  requests: number;
  /** Fraction of non-5xx answers, 0..1; NaN when there were no requests. */
  successRate: number;
  /** 99th percentile in milliseconds; NaN when there were no requests. */
  p99Ms: number;
}

/**
 * A source of Istio-shaped metrics: Prometheus (kind, AKS, or local with --with-prometheus) or the
 * local mesh directly. The engine only asks this one question.
 */
export interface MetricsProvider {
  readonly name: string;
  measure(target: AnalysisTarget, windowSeconds: number): Promise<VersionMetrics>;
}
