import * as fs from 'node:fs';
import * as path from 'node:path';
import { conditionHolds } from './conditions';
import { asString, evaluateExpression } from './expression';
import type { Job, Step, VariableEntry } from './pipeline-model';
import { predefinedVariables, type AgentDirectories, type RunIdentity, type RunTrigger } from './predefined-variables';
import { combinedResult, type JobRecord, type Result, type RunRecord, type StepRecord } from './run-records';
import { kindOf, runStep, type JobContext } from './step-runner';
import type { Variable } from './variables';
import { VariableSet } from './variables';

export interface RunContext extends Omit<JobContext, 'variables' | 'dirs' | 'outputs'> {
  trigger: RunTrigger;
  identity: RunIdentity;
  runDir: string;
  runVariables: Record<string, Variable>;
  variableGroups: Record<string, Record<string, Variable>>;
  approve: (environment: string) => boolean;
  acquireAgent: (stage: string, job: Job) => Promise<() => void>;
  approvals: RunRecord['approvals'];
  /** Values of `stageDependencies` (stage → job → { result, outputs }). */
  stageDependencies: Record<string, Record<string, { result: string; outputs: Record<string, string> }>>;
}

function agentDirectories(runDir: string): AgentDirectories {
  fs.mkdirSync(path.join(runDir, 'agent'), { recursive: true });
  const workspace = fs.mkdtempSync(path.join(runDir, 'agent', 'job-'));
  const dirs = { workspace, sources: path.join(workspace, 's'), staging: path.join(workspace, 'a'), binaries: path.join(workspace, 'b'), testResults: path.join(workspace, 'TestResults'), temp: path.join(workspace, 'tmp') };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  return dirs;
}

/**
 * Variables of one job, later layers winning: the run's (queue-time) variables, the pipeline's,
 * the stage's, the job's, then the predefined ones (only on an agent: a stage condition has none). Groups come from the run's inputs; `$[ ]`
 * values are evaluated now, at job start, with the dependencies' outputs.
 */
export function jobVariables(layers: VariableEntry[][], run: RunContext, dirs: AgentDirectories | undefined, expressionValues: Record<string, unknown>): VariableSet {
  const variables = new VariableSet(run.runVariables);
  for (const entry of layers.flat()) {
    if ('group' in entry) {
      const group = run.variableGroups[entry.group];
      if (!group) throw new Error(`Variable group ${entry.group} was not found or is not authorized for use`);
      for (const [name, variable] of Object.entries(group)) variables.set(name, variable);
      continue;
    }
    const runtime = /^\s*\$\[([\s\S]*)\]\s*$/.exec(entry.value);
    const value = runtime ? asString(evaluateExpression(runtime[1], { values: { ...expressionValues, variables: variables.values() } })) : entry.value;
    variables.set(entry.name, { value });
  }
  if (dirs) for (const [name, variable] of Object.entries(predefinedVariables(run.trigger, run.identity, dirs))) variables.set(name, variable);
  return variables;
}

/** Azure's implicit steps: a job checks out self first unless it says otherwise; a deployment job downloads the run's artifacts instead. */
function stepsWithImplicit(job: Job): Step[] {
  if (job.deployment) return job.steps.some((s) => s.download !== undefined) ? job.steps : [{ download: 'current' }, ...job.steps];
  return job.steps.some((s) => s.checkout !== undefined) ? job.steps : [{ checkout: 'self' }, ...job.steps];
}

export interface JobInputs {
  stage: string;
  job: Job;
  variableLayers: VariableEntry[][];
  /** Results and outputs of the jobs this one depends on, in its stage. */
  dependencies: Record<string, { result: string; outputs: Record<string, string> }>;
  dependencyResults: Result[];
}

export async function runJob(inputs: JobInputs, run: RunContext): Promise<JobRecord> {
  const { stage, job } = inputs;
  const record: JobRecord = { stage, name: job.name, deployment: job.deployment, environment: job.environment, result: 'skipped', steps: [], outputs: {} };
  const dirs = agentDirectories(run.runDir);
  const expressionValues = { dependencies: inputs.dependencies, stageDependencies: run.stageDependencies };
  const variables = jobVariables(inputs.variableLayers, run, dirs, expressionValues);
  if (!conditionHolds(job.condition, inputs.dependencyResults, { ...expressionValues, variables: variables.values() })) return record;

  if (job.deployment && job.environment) {
    // The environment's checks (Approvals) gate the job before any of its steps runs.
    const approved = run.approve(job.environment);
    run.approvals.push({ stage, job: job.name, environment: job.environment, approved });
    if (!approved) {
      record.result = 'failed';
      return record;
    }
  }

  const context: JobContext = { ...run, variables, dirs, outputs: record.outputs };
  const results: Result[] = [];
  const releaseAgent = await run.acquireAgent(stage, job);
  try {
    await runSteps(job, context, record, results);
  } finally {
    releaseAgent();
  }
  record.result = combinedResult(results.length > 0 ? results : ['succeeded']);
  return record;
}

async function runSteps(job: Job, context: JobContext, record: JobRecord, results: Result[]): Promise<void> {
  const { variables } = context;
  for (const step of stepsWithImplicit(job)) {
    if (!conditionHolds(step.condition as string | undefined, [combinedResult(results)], { variables: variables.values() })) {
      record.steps.push({ name: step.name as string | undefined, displayName: variables.expand(String(step.displayName ?? step.name ?? '')), kind: kindOf(step), task: step.task as string | undefined, result: 'skipped', output: '', durationMs: 0, toolCalls: [] } satisfies StepRecord);
      continue;
    }
    const stepRecord = await runStep(step, context);
    record.steps.push(stepRecord);
    results.push(stepRecord.result);
  }
}
