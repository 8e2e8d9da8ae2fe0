import { spawnSync } from 'node:child_process';
import { formatCommand, type PlannedStep } from './planned-step';

export interface PlanRunnerOptions {
  readonly cwd: string;
  /** Program name -> executable, for helm/kubectl resolved to their bundled copies. */
  readonly executables: ReadonlyMap<string, string>;
  readonly print: (line: string) => void;
}

export interface DryRunNote {
  readonly heading: string;
  readonly lines: readonly string[];
}

/** The plan as printed by --dry-run: numbered steps, each with the exact command line. */
export function formatPlan(title: string, plan: readonly PlannedStep[], notes: readonly DryRunNote[] = []): string {
  const width = String(plan.length).length;
  const lines = [`${title}: ${plan.length} ${plan.length === 1 ? "step" : "steps"}, run in order from the workspace root (dry run: nothing is run)`, ''];
  plan.forEach((step, index) => {
    const number = String(index + 1).padStart(width);
    lines.push(`${number}. ${step.title}${step.skipWhen ? ` (skipped when ${step.skipWhen.meaning})` : ''}`);
    lines.push(`${' '.repeat(width)}  $ ${formatCommand(step.command)}`);
  });
  for (const note of notes) lines.push('', note.heading, ...note.lines.map((line) => `  ${line}`));
  return lines.join('\n');
}

/** Runs each step with inherited stdio and stops at the first failure, naming the step. */
export function runPlan(plan: readonly PlannedStep[], options: PlanRunnerOptions): number {
  const executableOf = (command: readonly string[]) => options.executables.get(command[0]) ?? command[0];
  for (const [index, step] of plan.entries()) {
    const label = `[${index + 1}/${plan.length}] ${step.title}`;
    if (step.skipWhen) {
      const probe = spawnSync(executableOf(step.skipWhen.command), step.skipWhen.command.slice(1), { cwd: options.cwd, stdio: 'ignore' });
      if (probe.status === 0) {
        options.print(`${label}: skipped, ${step.skipWhen.meaning}`);
        continue;
      }
    }
    options.print(`${label}\n  $ ${formatCommand(step.command)}`);
    const result = spawnSync(executableOf(step.command), step.command.slice(1), { cwd: options.cwd, stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      const reason = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
      options.print(`Step ${index + 1} failed (${reason}): ${step.title}`);
      return 1;
    }
  }
  return 0;
}
