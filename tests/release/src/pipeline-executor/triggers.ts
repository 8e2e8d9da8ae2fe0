import * as fs from 'node:fs';
import * as path from 'node:path';
import { branchMatches, pathMatches, type PathFilter } from '../../../pipelines/src/path-filters';
import { parsePipelineYaml } from '../../../pipelines/src/pipeline-yaml';

/** A push to Azure Repos, or a pull request (updated) into a target branch. */
export type RepositoryEvent =
  | { kind: 'push'; ref: string; changedFiles: string[]; newBranch?: boolean }
  | { kind: 'pr'; ref: string; targetBranch: string; changedFiles: string[] };

/**
 * A Build Validation branch policy: on Azure Repos this, not the YAML's `pr:`, queues PR builds.
 * Its optional path filter works like a trigger's.
 */
export interface BuildValidationPolicy {
  pipeline: string;
  branch: string;
  paths?: PathFilter;
}

export interface TriggeredRun {
  pipeline: string;
  /** Build.Reason of the run. */
  reason: 'IndividualCI' | 'BatchedCI' | 'PullRequest';
}

interface IncludeExclude {
  include?: string[];
  exclude?: string[];
}
interface CiTrigger {
  batch?: boolean;
  branches?: IncludeExclude;
  tags?: IncludeExclude;
  paths?: PathFilter;
}

const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '');

function filterMatches(filter: IncludeExclude, name: string): boolean {
  return (filter.include ?? []).some((p) => branchMatches(p, name)) && !(filter.exclude ?? []).some((p) => branchMatches(p, name));
}

/** Azure's path filter: some changed file under an include (the root when only excludes are given) and under no exclude. */
export function pathsTrigger(filter: PathFilter, changedFiles: string[]): boolean {
  const include = filter.include ?? [''];
  return changedFiles.some((file) => include.some((entry) => entry === '' || pathMatches(entry, file)) && !(filter.exclude ?? []).some((entry) => pathMatches(entry, file)));
}

/** The `trigger:` section in its long form, or undefined for `trigger: none`. */
function ciTrigger(raw: unknown): CiTrigger | undefined {
  if (raw === 'none') return undefined;
  // No trigger section: every branch, every path.
  if (raw === undefined || raw === null) return { branches: { include: ['*'] } };
  if (Array.isArray(raw)) return { branches: { include: raw.map(String) } };
  return raw as CiTrigger;
}

/**
 * Whether a push queues a CI run of a pipeline whose YAML has this `trigger:`. A tag push needs a
 * `tags` filter. With path filters, a push (a new branch too: Azure Repos compares its new commits,
 * not the whole branch) triggers only if a changed file passes the filter; without them, any push
 * of a matching branch does, a new branch with no new commits included.
 */
export function ciTriggers(trigger: unknown, event: Extract<RepositoryEvent, { kind: 'push' }>): TriggeredRun['reason'] | undefined {
  const ci = ciTrigger(trigger);
  if (!ci) return undefined;
  const isTag = event.ref.startsWith('refs/tags/');
  const refFilter = isTag ? ci.tags : ci.branches ?? { include: ['*'] };
  if (!refFilter || !filterMatches(refFilter, isTag ? event.ref.replace(/^refs\/tags\//, '') : branchName(event.ref))) return undefined;
  if (ci.paths && !pathsTrigger(ci.paths, event.changedFiles)) return undefined;
  return ci.batch ? 'BatchedCI' : 'IndividualCI';
}

/**
 * The pipeline files a repository event runs. Pushes: each file's own `trigger:`. Pull requests:
 * only the Build Validation policies on the target branch; `pr:` in the YAML is ignored, as it is
 * for repositories in Azure Repos.
 */
export function triggeredPipelines(workspaceRoot: string, pipelineFiles: string[], event: RepositoryEvent, policies: BuildValidationPolicy[] = []): TriggeredRun[] {
  if (event.kind === 'pr') {
    return policies
      .filter((policy) => branchName(policy.branch) === branchName(event.targetBranch))
      .filter((policy) => !policy.paths || pathsTrigger(policy.paths, event.changedFiles))
      .map((policy) => ({ pipeline: policy.pipeline, reason: 'PullRequest' as const }));
  }
  return pipelineFiles.flatMap((pipeline) => {
    const yaml = parsePipelineYaml(fs.readFileSync(path.join(workspaceRoot, pipeline), 'utf8'), pipeline);
    const reason = ciTriggers(yaml.trigger, event);
    return reason ? [{ pipeline, reason }] : [];
  });
}
