import { formatLabels } from '@courier/mesh';

const OUTCOMES = ['pass', 'fail', 'inconclusive'] as const;
type Outcome = (typeof OUTCOMES)[number];
const RESULTS = ['promoted', 'rolled-back', 'aborted'] as const;
type Result = (typeof RESULTS)[number];

/**
 * The rollouts the stack has seen (those it runs for the control room and those the CLI publishes),
 * as Prometheus metrics on the stack admin API's /metrics, so the Rollout dashboard can draw the
 * analysis verdicts next to the weights and the metrics they judged:
 *
 *   courier_rollout_analysis_verdicts_total{service, outcome}   counter: pass | fail | inconclusive
 *   courier_rollouts_finished_total{service, result}             counter: promoted | rolled-back | aborted
 *   courier_rollout_in_progress{service}                         gauge: 1 while a rollout runs
 *
 * Every series starts at 0 for every service, as Prometheus advises for known label values, so a
 * rate() sees the first verdict and a dashboard shows 0 rather than "no data". In memory: a
 * restarted stack starts again from 0, which Prometheus' counter-reset handling absorbs.
 */
export class RolloutVerdictMetrics {
  private readonly verdicts = new Map<string, Record<Outcome, number>>();
  private readonly finished = new Map<string, Record<Result, number>>();
  private readonly running = new Map<string, boolean>();

  constructor(services: readonly string[]) {
    for (const service of services) this.ensure(service);
  }

  /** Takes one rollout event (RolloutEvent, as published; unknown shapes are ignored). */
  observe(service: string, event: unknown): void {
    const { type, verdict, status } = (event ?? {}) as { type?: string; verdict?: { outcome?: string }; status?: string };
    this.ensure(service);
    if (type === 'started') this.running.set(service, true);
    if (type === 'step-analysed' && isOneOf(OUTCOMES, verdict?.outcome)) this.verdicts.get(service)![verdict.outcome] += 1;
    if (type === 'finished') {
      this.running.set(service, false);
      if (isOneOf(RESULTS, status)) this.finished.get(service)![status] += 1;
    }
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string, samples: [Record<string, string>, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) {
        lines.push(`${name}{${formatLabels(Object.entries(labels))}} ${value}`);
      }
    };
    family('courier_rollout_analysis_verdicts_total', 'counter', 'Analysis windows judged by the rollout engine, by outcome.',
      [...this.verdicts].flatMap(([service, counts]) => OUTCOMES.map((outcome): [Record<string, string>, number] => [{ service, outcome }, counts[outcome]])));
    family('courier_rollouts_finished_total', 'counter', 'Rollouts that ended, by result.',
      [...this.finished].flatMap(([service, counts]) => RESULTS.map((result): [Record<string, string>, number] => [{ service, result }, counts[result]])));
    family('courier_rollout_in_progress', 'gauge', '1 while a rollout of the service runs.',
      [...this.running].map(([service, running]): [Record<string, string>, number] => [{ service }, running ? 1 : 0]));
    return `${lines.join('\n')}\n`;
  }

  private ensure(service: string): void {
    if (this.verdicts.has(service)) return;
    this.verdicts.set(service, { pass: 0, fail: 0, inconclusive: 0 });
    this.finished.set(service, { promoted: 0, 'rolled-back': 0, aborted: 0 });
    this.running.set(service, false);
  }
}

function isOneOf<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return values.includes(value as T);
}
