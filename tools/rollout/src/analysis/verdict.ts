import type { Verdict, VersionMetrics } from '@courier/contracts';
import type { Thresholds } from './thresholds';

export type { Verdict } from '@courier/contracts';

/** Judges one analysis window. Too little traffic is never a pass (or a fail): it is inconclusive. */
export function judge(metrics: VersionMetrics, thresholds: Thresholds): Verdict {
  if (!(metrics.requests >= thresholds.minRequests)) {
    return { outcome: 'inconclusive', metrics, reasons: [`only ${Math.round(metrics.requests)} requests (need ${thresholds.minRequests})`] };
  }
  const reasons: string[] = [];
  if (metrics.successRate < thresholds.minSuccessRate) {
    reasons.push(`success rate ${percent(metrics.successRate)} < ${percent(thresholds.minSuccessRate)}`);
  }
  if (metrics.p99Ms > thresholds.maxP99Ms) {
    reasons.push(`p99 ${Math.round(metrics.p99Ms)} ms > ${thresholds.maxP99Ms} ms`);
  }
  if (reasons.length > 0) return { outcome: 'fail', metrics, reasons };
  return { outcome: 'pass', metrics, reasons: [`success rate ${percent(metrics.successRate)}, p99 ${Math.round(metrics.p99Ms)} ms`] };
}

export function percent(fraction: number): string {
  return Number.isNaN(fraction) ? 'n/a' : `${(fraction * 100).toFixed(fraction >= 0.999 && fraction < 1 ? 2 : 1)}%`;
}
