import { percent } from '../analysis/verdict';
import type { RolloutReport } from '../engine/rollout-report';

const ICON = { promoted: '✅', 'rolled-back': '⛔', aborted: '⏹️' } as const;

/** A summary for a pipeline's summary tab (Azure Pipelines `##vso[task.uploadsummary]`). */
export function markdownReport(report: RolloutReport): string {
  const lines = [
    `## ${ICON[report.status]} ${report.service}: ${report.strategy} ${report.fromVersion} → ${report.toVersion} — ${report.status}`,
    '',
    report.reason,
    '',
    `Metrics from ${report.metricsProvider}; routing by the ${report.actuator} actuator; ${report.startedAt} → ${report.finishedAt}.`,
    '',
    '| Step | Requests | Success rate | p99 | Verdict |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const step of report.steps) {
    const last = step.verdicts.at(-1);
    if (!last) {
      lines.push(`| ${step.name} | – | – | – | not analysed |`);
      continue;
    }
    const { metrics } = last;
    const p99 = Number.isNaN(metrics.p99Ms) ? 'n/a' : `${Math.round(metrics.p99Ms)} ms`;
    lines.push(`| ${step.name} | ${Math.round(metrics.requests)} | ${percent(metrics.successRate)} | ${p99} | ${last.outcome}: ${last.reasons.join('; ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
