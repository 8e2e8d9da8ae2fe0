import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ToolStubs } from '../tool-stubs';
import { asString } from './expression';
import { loggingCommands } from './logging-commands';
import type { AgentDirectories } from './predefined-variables';
import type { Step } from './pipeline-model';
import type { RunRecord, StepRecord } from './run-records';
import { runShellFile } from './shell-process';
import type { VariableSet } from './variables';
import { checkoutWorkspace } from './workspace-checkout';

/** What a step can see and change of its job and run. */
export interface JobContext {
  workspaceRoot: string;
  variables: VariableSet;
  dirs: AgentDirectories;
  /** The run's artifact store: one directory per published artifact. */
  artifactsDir: string;
  stubs: ToolStubs;
  /** PATH, HOME, … of the agent process, before variables. */
  baseEnv: Record<string, string>;
  outputs: Record<string, string>;
  summaries: RunRecord['summaries'];
  artifacts: RunRecord['artifacts'];
  stepTimeoutMs: number;
}

/** Tasks whose work is outside this executor's world (tool installs, registries, result upload): recorded, then successful. */
const RECORDED_TASKS = new Set(['NodeTool@0', 'HelmInstaller@1', 'KubeloginInstaller@0', 'Docker@2', 'PublishTestResults@2', 'PublishCodeCoverageResults@2']);

type Outcome = Pick<StepRecord, 'result' | 'exitCode' | 'output' | 'script' | 'inputs'>;

function expandInputs(step: Step, context: JobContext): Record<string, string> {
  const inputs = (step.inputs as Record<string, unknown> | undefined) ?? {};
  return Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, context.variables.expand(asString(value))]));
}

/** Acts on what the agent reads from a step's output: variables (output ones under the step's name) and summaries. */
function applyLoggingCommands(stdout: string, stepName: string | undefined, context: JobContext): void {
  for (const command of loggingCommands(stdout)) {
    if (command.command === 'task.setvariable') {
      const name = command.properties.variable;
      const secret = command.properties.issecret === 'true';
      if (command.properties.isoutput === 'true') {
        if (!stepName) continue; // Azure ignores output variables of unnamed steps for later jobs
        context.outputs[`${stepName}.${name}`] = command.message;
        context.variables.set(`${stepName}.${name}`, { value: command.message, secret });
      } else {
        context.variables.set(name, { value: command.message, secret });
      }
    } else if (command.command === 'task.uploadsummary') {
      const file = command.message.trim();
      context.summaries.push({ file, content: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '' });
    }
  }
}

async function runScript(text: string, step: Step, context: JobContext): Promise<Outcome> {
  const script = context.variables.expand(text);
  const file = path.join(context.dirs.temp, `${randomUUID()}.sh`);
  fs.writeFileSync(file, script);
  const mapped = Object.fromEntries(Object.entries((step.env as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [key, context.variables.expand(asString(value))]));
  const cwd = step.workingDirectory ? context.variables.expand(String(step.workingDirectory)) : context.dirs.sources;
  const result = await runShellFile(file, { cwd, env: { ...context.baseEnv, ...context.variables.environment(), ...mapped }, timeoutMs: context.stepTimeoutMs });
  applyLoggingCommands(result.stdout, step.name as string | undefined, context);
  return { script, result: result.exitCode === 0 ? 'succeeded' : 'failed', exitCode: result.exitCode, output: result.stdout + result.stderr };
}

async function runTask(step: Step, context: JobContext): Promise<Outcome> {
  const task = String(step.task);
  const inputs = expandInputs(step, context);
  if (RECORDED_TASKS.has(task)) return { inputs, result: 'succeeded', output: '' };
  if (task === 'AzureCLI@2') {
    // The task logs in with the service connection, then runs the script with `az` available.
    if (inputs.scriptType !== 'bash') return { inputs, result: 'failed', output: `AzureCLI@2 scriptType ${inputs.scriptType} is not modelled` };
    const text = inputs.scriptLocation === 'scriptPath' ? `bash ${JSON.stringify(inputs.scriptPath)} ${inputs.arguments ?? ''}` : ((step.inputs as Record<string, unknown>).inlineScript as string);
    return { ...(await runScript(text, step, context)), inputs };
  }
  return { inputs, result: 'failed', output: `task ${task} is not modelled by the pipeline executor` };
}

function copyInto(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function runCheckout(step: Step, context: JobContext): Promise<Outcome> {
  if (step.checkout === 'none') return { result: 'succeeded', output: '' };
  if (step.checkout !== 'self') return { result: 'failed', output: `checkout: ${String(step.checkout)} (another repository) is not modelled` };
  await checkoutWorkspace(context.workspaceRoot, context.dirs.sources);
  return { result: 'succeeded', output: '' };
}

function runDownload(step: Step, context: JobContext): Outcome {
  if (step.download === 'none') return { result: 'succeeded', output: '' };
  if (step.download !== 'current') return { result: 'failed', output: `download: ${String(step.download)} (another pipeline) is not modelled` };
  const names = step.artifact ? [String(step.artifact)] : Object.keys(context.artifacts);
  for (const name of names) {
    const stored = path.join(context.artifactsDir, name);
    if (!fs.existsSync(stored)) return { result: 'failed', output: `##[error]Artifact ${name} was not found for this run` };
    copyInto(stored, path.join(context.dirs.workspace, name));
  }
  return { result: 'succeeded', output: '' };
}

function runPublish(step: Step, context: JobContext): Outcome {
  const source = path.resolve(context.dirs.sources, context.variables.expand(String(step.publish)));
  const name = context.variables.expand(String(step.artifact ?? 'drop'));
  if (!fs.existsSync(source)) return { result: 'failed', output: `##[error]Path does not exist: ${source}` };
  if (context.artifacts[name]) return { result: 'failed', output: `##[error]Artifact ${name} already exists in this run` };
  const stored = path.join(context.artifactsDir, name);
  if (fs.statSync(source).isDirectory()) copyInto(source, stored);
  else copyInto(source, path.join(stored, path.basename(source)));
  context.artifacts[name] = listFiles(stored);
  return { result: 'succeeded', output: '' };
}

export function kindOf(step: Step): StepRecord['kind'] {
  for (const kind of ['script', 'bash', 'task', 'checkout', 'download', 'publish'] as const) if (step[kind] !== undefined) return kind;
  throw new Error(`step kind not modelled by the pipeline executor: ${JSON.stringify(step)}`);
}

/** Runs one step whose condition held; a failing step with continueOnError succeeds with issues. */
export async function runStep(step: Step, context: JobContext): Promise<StepRecord> {
  const kind = kindOf(step);
  const callsBefore = context.stubs.calls.length;
  const started = Date.now();
  let outcome: Outcome;
  if (kind === 'script' || kind === 'bash') outcome = await runScript(String(step[kind]), step, context);
  else if (kind === 'task') outcome = await runTask(step, context);
  else if (kind === 'checkout') outcome = await runCheckout(step, context);
  else if (kind === 'download') outcome = runDownload(step, context);
  else outcome = runPublish(step, context);
  if (outcome.result === 'failed' && step.continueOnError === true) outcome.result = 'succeededWithIssues';
  return {
    name: step.name as string | undefined,
    displayName: context.variables.expand(String(step.displayName ?? step.name ?? step.task ?? kind)),
    kind,
    task: step.task as string | undefined,
    ...outcome,
    durationMs: Date.now() - started,
    toolCalls: context.stubs.calls.slice(callsBefore),
  };
}
