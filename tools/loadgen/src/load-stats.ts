/** Outcome counts and latencies of one load run, per request kind. */
export interface LoadSnapshot {
  elapsedMs: number;
  sent: number;
  succeeded: number;
  failed: number;
  /** Failures by cause: an HTTP status ("503") or a transport error code. */
  failures: Record<string, number>;
  /** The first failures in full (at most FAILURE_EXAMPLES), to tell why without rerunning. */
  failureExamples: FailureExample[];
  /** Answers by the version that served them (x-served-by / body servedBy), e.g. "delivery/v2". */
  servedBy: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

export interface FailureExample {
  /** Milliseconds since the count started, when the answer (or the error) came. */
  atMs: number;
  cause: string;
  latencyMs: number;
  requestId?: string;
  detail?: string;
}

/** Enough to see a pattern (one step, one version, one moment) while keeping the summary short. */
export const FAILURE_EXAMPLES = 10;

/** Accumulates results; latencies are kept exactly (runs are bounded), so percentiles are exact. */
export class LoadStats {
  private readonly started = Date.now();
  private readonly latencies: number[] = [];
  private sent = 0;
  private succeeded = 0;
  private failed = 0;
  private readonly failures: Record<string, number> = {};
  private readonly failureExamples: FailureExample[] = [];
  private readonly servedBy: Record<string, number> = {};

  recordSent(): void {
    this.sent++;
  }

  recordSuccess(latencyMs: number, servedBy?: string): void {
    this.succeeded++;
    this.latencies.push(latencyMs);
    if (servedBy) this.servedBy[servedBy] = (this.servedBy[servedBy] ?? 0) + 1;
  }

  recordFailure(latencyMs: number, cause: string, about: { requestId?: string; detail?: string } = {}): void {
    this.failed++;
    this.latencies.push(latencyMs);
    this.failures[cause] = (this.failures[cause] ?? 0) + 1;
    if (this.failureExamples.length < FAILURE_EXAMPLES) {
      this.failureExamples.push({ atMs: Date.now() - this.started, cause, latencyMs: Math.round(latencyMs), ...about });
    }
  }

  snapshot(): LoadSnapshot {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : Number.NaN);
    return {
      elapsedMs: Date.now() - this.started,
      sent: this.sent,
      succeeded: this.succeeded,
      failed: this.failed,
      failures: { ...this.failures },
      failureExamples: [...this.failureExamples],
      servedBy: { ...this.servedBy },
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  }
}
