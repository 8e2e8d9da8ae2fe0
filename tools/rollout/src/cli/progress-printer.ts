import { percent } from '../analysis/verdict';
import type { RolloutEvent } from '../engine/rollout-events';

const MARK = { pass: '✔', fail: '✖', inconclusive: '…' } as const;

/**
 * Prints the engine's events as one line each: readable live in a terminal, and just as readable
 * in a pipeline log, where redrawing spinners would turn into noise.
 */
export function progressPrinter(print: (line: string) => void, intervalMs: number): (event: RolloutEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'started':
        print(`${event.plan.strategy} ${event.plan.service}: ${event.plan.fromVersion} → ${event.plan.toVersion}, ${event.plan.steps.length} step(s), ${intervalMs / 1000}s per analysis window`);
        break;
      case 'step-started':
        print(`▶ step ${event.index + 1}: ${event.step.name} — routing applied, collecting metrics for ${intervalMs / 1000}s`);
        break;
      case 'step-analysed': {
        const { metrics, outcome, reasons } = event.verdict;
        const p99 = Number.isNaN(metrics.p99Ms) ? 'n/a' : `${Math.round(metrics.p99Ms)} ms`;
        print(`  ${MARK[outcome]} ${event.step.name}: ${Math.round(metrics.requests)} req, success ${percent(metrics.successRate)}, p99 ${p99} — ${outcome}${outcome === 'pass' ? '' : `: ${reasons.join('; ')}`}`);
        break;
      }
      case 'step-passed':
        break;
      case 'finished':
        print(`${event.status === 'promoted' ? '✅ promoted' : event.status === 'aborted' ? '⏹ aborted' : '⛔ rolled back'}: ${event.reason}`);
        break;
    }
  };
}
