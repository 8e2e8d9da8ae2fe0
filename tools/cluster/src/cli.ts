import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { clusterEndpoints, clusterDownPlan, clusterStatusPlan, clusterUpPlan } from './cluster-plan';
import { CLUSTER_USAGE, parseClusterOptions, UsageError, type ClusterOptions } from './cluster-options';
import { localBuildVersion } from './kind-version';
import { findOnPath, locateKubernetesTool, resolveKubernetesTool, type KubernetesToolName } from './kubernetes-tools';
import { formatPlan, runPlan, type DryRunNote } from './plan-runner';
import { type PlannedStep } from './planned-step';
import { workspaceServices } from './workspace-services';
import { missingPrerequisitesMessage, prerequisitesOf } from './prerequisites';

const WORKSPACE_ROOT = path.resolve(__dirname, '..', '..', '..');
const print = (line: string) => process.stdout.write(`${line}\n`);

/** v0.0.0-dev.g<short commit>: the default version of a local build (kind-version.ts). */
function currentCommitVersion(): string {
  try {
    return localBuildVersion(execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).trim());
  } catch {
    throw new UsageError('cannot read the git commit for the version: pass --tag <version>');
  }
}

function planFor(options: ClusterOptions): PlannedStep[] {
  const target = { clusterName: options.clusterName };
  if (options.action === 'down') return clusterDownPlan(target);
  if (options.action === 'status') return clusterStatusPlan(target);
  return clusterUpPlan({ ...target, imageTag: options.imageTag ?? currentCommitVersion(), services: workspaceServices(WORKSPACE_ROOT), mode: options.mode });
}

interface PrerequisiteReport {
  readonly missing: string[];
  readonly notes: string[];
}

function checkPrerequisites(options: ClusterOptions): PrerequisiteReport {
  const missing: string[] = [];
  const notes: string[] = [];
  for (const program of prerequisitesOf(options.action)) {
    if (program === 'helm' || program === 'kubectl') {
      const tool = locateKubernetesTool(program, WORKSPACE_ROOT);
      if (!tool) missing.push(program);
      else if (tool.source === 'bundled') notes.push(`${program}: not on PATH, the bundled copy runs instead (${path.relative(WORKSPACE_ROOT, tool.path)})`);
    } else if (!findOnPath(program)) missing.push(program);
  }
  return { missing, notes };
}

function main(): number {
  const options = parseClusterOptions(process.argv.slice(2));
  if (options === 'help') {
    print(CLUSTER_USAGE);
    return 0;
  }
  const plan = planFor(options);
  const prerequisites = checkPrerequisites(options);
  if (options.dryRun) {
    const notes: DryRunNote[] = [];
    if (prerequisites.notes.length > 0) notes.push({ heading: 'Tools:', lines: prerequisites.notes });
    if (prerequisites.missing.length > 0) notes.push({ heading: 'Not ready to run:', lines: missingPrerequisitesMessage(prerequisites.missing).split('\n') });
    print(formatPlan(`courier-cluster ${options.action}`, plan, notes));
    return 0;
  }
  if (prerequisites.missing.length > 0) {
    process.stderr.write(`courier-cluster: ${missingPrerequisitesMessage(prerequisites.missing)}\n`);
    return 2;
  }
  const executables = new Map<string, string>();
  for (const name of ['helm', 'kubectl'] as KubernetesToolName[]) {
    if (prerequisitesOf(options.action).includes(name)) executables.set(name, resolveKubernetesTool(name, WORKSPACE_ROOT).path);
  }
  const code = runPlan(plan, { cwd: WORKSPACE_ROOT, executables, print });
  if (code === 0 && options.action === 'up') {
    print('\nCourier is running on kind:');
    for (const [what, where] of clusterEndpoints(options.mode)) print(`  ${what.padEnd(52)} ${where}`);
  }
  return code;
}

try {
  process.exitCode = main();
} catch (error) {
  const usage = error instanceof UsageError;
  process.stderr.write(`courier-cluster: ${(error as Error).message}${usage ? `\n\n${CLUSTER_USAGE}` : ''}\n`);
  process.exitCode = 2;
}
