import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createToolStubs, type ToolBackend } from '../tool-stubs';
import { conditionHolds, resultName } from './conditions';
import { jobVariables, runJob, type RunContext } from './job-runner';
import type { Job } from './pipeline-model';
import type { RunTrigger } from './predefined-variables';
import { combinedResult, type JobRecord, type Result, type RunRecord, type StageRecord } from './run-records';
import { expandPipeline } from './template-expansion';
import { PIPELINE_TOOLS, pipelineToolBackend } from './tool-backend';
import type { Variable } from './variables';

export interface RunOptions {
  /** The repository each `checkout: self` copies. */
  workspaceRoot: string;
  /** Repository-relative pipeline file, e.g. pipelines/users.yml. */
  pipeline: string;
  trigger: RunTrigger;
  /** Answers helm and kubectl (the cluster simulator's handle()). */
  cluster: ToolBackend;
  /** Runtime parameters chosen when the run is queued. */
  parameters?: Record<string, unknown>;
  /** Variables set on the pipeline in Azure DevOps (queue-time), secrets flagged. */
  variables?: Record<string, Variable>;
  /** The library's variable groups a `- group:` may name. */
  variableGroups?: Record<string, Record<string, Variable>>;
  /** The environment's approval check; every environment is approved unless this says otherwise. */
  approve?: (environment: string) => boolean;
  /**
   * Waits for an agent for a job; the returned function frees it. Hosted agents are separate
   * machines, but here every job runs on this one: a caller running several pipelines at once
   * uses this to keep apart jobs that would collide on it (a fixed local port). Default: always free.
   */
  acquireAgent?: (stage: string, job: Job) => Promise<() => void>;
  definitionName?: string;
  stepTimeoutMs?: number;
}

/** PATH of the agent: stubs first, then this Node, then the system without any node_modules/.bin (whose nx or courier would bypass the stubs). */
function agentPath(binDir: string): string {
  const system = (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((dir) => dir && !dir.includes('node_modules'));
  return [binDir, path.dirname(process.execPath), ...system].join(':');
}

function dependencyOrder(stages: { name: string; dependsOn: string[] }[]): string[] {
  const names = new Set(stages.map((s) => s.name));
  for (const stage of stages) for (const dep of stage.dependsOn) if (!names.has(dep)) throw new Error(`stage ${stage.name} depends on unknown stage ${dep}`);
  const order: string[] = [];
  while (order.length < stages.length) {
    const next = stages.find((s) => !order.includes(s.name) && s.dependsOn.every((d) => order.includes(d)));
    if (!next) throw new Error('the stages depend on each other in a cycle');
    order.push(next.name);
  }
  return order;
}

/**
 * One run of a pipeline on a simulated agent pool: stages in dependency order under their
 * conditions, each job on a fresh agent directory, each step for real with the tools stubbed.
 * Stages and jobs that Azure could run in parallel run one after another; the results are the same.
 */
export async function runPipeline(options: RunOptions): Promise<RunRecord> {
  const pipeline = expandPipeline(options.workspaceRoot, options.pipeline, options.parameters);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-pipeline-run-'));
  const stubs = await createToolStubs(PIPELINE_TOOLS, pipelineToolBackend(options.cluster));
  const record: RunRecord = { pipeline: options.pipeline, result: 'succeeded', stages: [], approvals: [], summaries: [], artifacts: {}, toolCalls: stubs.calls };
  const home = path.join(runDir, 'home');
  fs.mkdirSync(home);
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const run: RunContext = {
    workspaceRoot: options.workspaceRoot,
    artifactsDir: path.join(runDir, 'artifacts'),
    stubs,
    baseEnv: { PATH: agentPath(stubs.binDir), HOME: home, LANG: 'C.UTF-8' },
    summaries: record.summaries,
    artifacts: record.artifacts,
    stepTimeoutMs: options.stepTimeoutMs ?? 10 * 60_000,
    trigger: options.trigger,
    identity: { definitionName: options.definitionName ?? path.basename(options.pipeline, '.yml'), buildId: 1, buildNumber: `${day}.1`, repositoryUri: 'https://dev.azure.com/courier/courier/_git/courier' },
    runDir,
    runVariables: options.variables ?? {},
    variableGroups: options.variableGroups ?? {},
    approve: options.approve ?? (() => true),
    acquireAgent: options.acquireAgent ?? (async () => () => undefined),
    approvals: record.approvals,
    stageDependencies: {},
  };
  // `dependencies.<stage>` of stage conditions (run.stageDependencies is the per-job view of `$[ ]` variables).
  const stageOutcomes: Record<string, { result: string; outputs: Record<string, string> }> = {};
  try {
    for (const name of dependencyOrder(pipeline.stages)) {
      const stage = pipeline.stages.find((s) => s.name === name)!;
      const stageRecord: StageRecord = { name, result: 'skipped', jobs: [] };
      record.stages.push(stageRecord);
      const dependencyResults = stage.dependsOn.map((d) => record.stages.find((s) => s.name === d)!.result);
      const values = { variables: jobVariables([pipeline.variables], run, undefined, {}).values(), dependencies: stageOutcomes };
      if (!conditionHolds(stage.condition, dependencyResults, values)) continue;
      const jobs: JobRecord[] = [];
      for (const job of stage.jobs) {
        const dependencies = Object.fromEntries(jobs.filter((j) => job.dependsOn.includes(j.name)).map((j) => [j.name, { result: resultName(j.result), outputs: j.outputs }]));
        const jobRecord = await runJob({ stage: name, job, variableLayers: [pipeline.variables, stage.variables, job.variables], dependencies, dependencyResults: jobs.filter((j) => job.dependsOn.includes(j.name)).map((j) => j.result) }, run);
        jobs.push(jobRecord);
      }
      stageRecord.jobs = jobs;
      stageRecord.result = combinedResult(jobs.map((j) => j.result));
      run.stageDependencies[name] = Object.fromEntries(jobs.map((j) => [j.name, { result: resultName(j.result), outputs: j.outputs }]));
      // Stage conditions name outputs <job>.<step>.<var>; a deployment job's are <job>.<job>.<step>.<var>.
      const outputs: Record<string, string> = {};
      for (const j of jobs) for (const [key, value] of Object.entries(j.outputs)) outputs[j.deployment ? `${j.name}.${j.name}.${key}` : `${j.name}.${key}`] = value;
      stageOutcomes[name] = { result: resultName(stageRecord.result), outputs };
    }
  } finally {
    await stubs.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  const results: Result[] = record.stages.map((s) => s.result);
  record.result = results.includes('failed') ? 'failed' : 'succeeded';
  return record;
}
