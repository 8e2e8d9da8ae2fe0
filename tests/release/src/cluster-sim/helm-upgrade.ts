import type { KubeObject } from '../../../charts/src/kube-object';
import { deleteObject, keyOf, missingSecrets, namespaceOf } from './apply-objects';
import { hookEvents } from './chart-renderer';
import { ChartResolutionError } from './chart-source';
import type { ClusterCore } from './cluster-core';
import { type CommandLine, lastValue } from './command-line';
import { applyRevision, summarise, waitForRevision } from './helm-release-apply';
import { valueFlagArgs, type Values } from './helm-values';
import { migrationRun } from './migration-run';
import { podShape } from './pod-shape';
import { computedValues, currentRevision, deployedRevision, type Release, type Revision } from './release-history';
import { fail, ok, type ToolReply } from './tool-call';

const TIMED_OUT = '1 error occurred:\n\t* timed out waiting for the condition';

interface UpgradeRequest {
  readonly core: ClusterCore;
  readonly command: string;
  readonly line: CommandLine;
  readonly cwd: string;
  /** `helm install`, or `helm upgrade` (with or without --install). */
  readonly verb: 'install' | 'upgrade';
}

/**
 * `helm install` and `helm upgrade [--install]`, as Helm 3 runs them: values computed by the reuse
 * rules, the chart rendered (and its schema checked) by the real helm, pre-install/pre-upgrade hooks
 * run before any object changes, the objects applied, and with --wait the Deployments waited for.
 * --atomic undoes a failed install (uninstall) or upgrade (rollback).
 */
export async function installOrUpgrade(request: UpgradeRequest): Promise<ToolReply> {
  const { core, command, line, cwd, verb } = request;
  const [name, chartRef] = line.positionals.slice(1);
  if (!name || !chartRef) return fail(`Error: "helm ${verb}" requires 2 arguments\n\nUsage:  helm ${verb} [RELEASE] [CHART] [flags]`);
  const namespace = lastValue(line, 'namespace') ?? 'default';
  const release = core.releases.get(namespace, name);
  const exists = (release?.revisions.length ?? 0) > 0;
  if (verb === 'install' && exists) return fail('Error: INSTALLATION FAILED: cannot re-use a name that is still in use');
  if (verb === 'upgrade' && !line.switches.has('install') && !exists) {
    core.violation(command, 'release-missing', `helm upgrade ${name} in ${namespace}: the release does not exist (install it first, or pass --install)`);
    return fail(`Error: UPGRADE FAILED: "${name}" has no deployed releases`);
  }
  const installing = !exists;
  const failed = (message: string) => fail(`Error: ${installing ? 'INSTALLATION' : 'UPGRADE'} FAILED: ${message}`);

  let chart;
  try {
    chart = await core.charts.resolve(chartRef, cwd, lastValue(line, 'version'));
  } catch (error) {
    if (error instanceof ChartResolutionError) return failed(error.message);
    throw error;
  }
  if (!core.current.namespaces[namespace] && !line.switches.has('create-namespace')) {
    return failed(`create: failed to create: namespaces "${namespace}" not found`);
  }

  const previous = installing ? undefined : currentRevision(release);
  const computed = await releaseValues(request, previous, chart.defaults);
  if ('error' in computed) return failed(computed.error);
  const { config, defaults, layers } = computed;

  const rendered = await core.renderer.render(name, namespace, chart, layers, !installing);
  if (!rendered.ok) {
    const reason = rendered.stderr.replace(/^Error: /, '').trim();
    core.violation(command, rendered.schema ? 'chart-schema' : 'render-failed', `${name} in ${namespace}: ${reason}`);
    return failed(reason);
  }

  if (!core.current.namespaces[namespace]) core.commit(command, `namespace ${namespace} created`, (draft) => void (draft.namespaces[namespace] = {}));
  const target = core.releases.getOrCreate(namespace, name);
  const revision: Revision = {
    revision: (target.revisions.at(-1)?.revision ?? 0) + 1,
    // Helm's pending-install/pending-upgrade: it becomes deployed only once its objects are applied.
    status: 'failed',
    chart,
    config,
    defaults,
    objects: rendered.objects.map((object) => placed(object, namespace)),
    description: lastValue(line, 'description') ?? (installing ? 'Install complete' : 'Upgrade complete'),
    updated: new Date().toISOString(),
  };
  target.revisions.push(revision);

  const event = installing ? 'pre-install' : 'pre-upgrade';
  const hookFailure = runHooks(core, command, namespace, rendered.hooks.filter((hook) => hookEvents(hook).includes(event)), rendered.objects);
  if (hookFailure) {
    const reason = installing ? `failed pre-install: ${TIMED_OUT}` : `pre-upgrade hooks failed: ${TIMED_OUT}`;
    return failed(undoIfAtomic(request, target, previous, previous?.objects ?? [], reason));
  }

  const replaced = deployedRevision(target)?.objects ?? [];
  for (const other of target.revisions) if (other.status === 'deployed') other.status = 'superseded';
  revision.status = 'deployed';
  applyRevision(core, command, target, revision, replaced);
  if (line.switches.has('wait') || line.switches.has('atomic')) {
    const stuck = waitForRevision(core, command, target, revision);
    if (stuck.length > 0) {
      revision.status = 'failed';
      core.commit(command, `${namespace}/${name} revision ${revision.revision} failed`, (draft) => summarise(draft, target));
      return failed(undoIfAtomic(request, target, previous, revision.objects, `${TIMED_OUT}\n(${stuck.join('; ')})`));
    }
  }
  const intro = installing && verb === 'upgrade' ? `Release "${name}" does not exist. Installing it now.\n` : !installing ? `Release "${name}" has been upgraded. Happy Helming!\n` : '';
  return ok(`${intro}NAME: ${name}\nLAST DEPLOYED: ${revision.updated}\nNAMESPACE: ${namespace}\nSTATUS: deployed\nREVISION: ${revision.revision}\nTEST SUITE: None\n`);
}

/**
 * The user values (`config`) and the chart values they are computed over (`defaults`), by Helm's
 * rules: --reset-values takes only the new flags; --reuse-values puts them over the old release's
 * values and keeps the OLD chart's defaults; --reset-then-reuse-values puts them over the old values
 * with the NEW chart's defaults; with none of these and no new values, the old values are reused.
 */
async function releaseValues(request: UpgradeRequest, previous: Revision | undefined, chartDefaults: Values): Promise<{ config: Values; defaults: Values; layers: Values[] } | { error: string }> {
  const { core, line, cwd } = request;
  const reuse = previous && line.switches.has('reuse-values') && !line.switches.has('reset-values');
  const resetThenReuse = previous && line.switches.has('reset-then-reuse-values') && !line.switches.has('reset-values') && !reuse;
  const merged = await core.values.merge(valueFlagArgs(line), cwd, reuse || resetThenReuse ? previous.config : undefined);
  if ('error' in merged) return merged;
  let config = merged.values;
  if (previous && !reuse && !resetThenReuse && !line.switches.has('reset-values') && Object.keys(config).length === 0) config = previous.config;
  if (reuse) {
    const defaults = computedValues(previous);
    return { config, defaults, layers: [defaults, config] };
  }
  return { config, defaults: chartDefaults, layers: [config] };
}

/** Hooks that must run before the objects; a Job's pod that cannot start makes helm time out. */
function runHooks(core: ClusterCore, command: string, namespace: string, hooks: readonly KubeObject[], objects: readonly KubeObject[]): string | undefined {
  const ordered = [...hooks].sort((a, b) => Number(a.metadata.annotations?.['helm.sh/hook-weight'] ?? 0) - Number(b.metadata.annotations?.['helm.sh/hook-weight'] ?? 0));
  for (const hook of ordered) {
    if (hook.kind !== 'Job') continue;
    const hookNamespace = namespaceOf(hook, namespace);
    const missing = missingSecrets(core.current, hookNamespace, podShape(hook).secrets);
    if (missing.length > 0) return `Job ${hook.metadata.name}: secret ${missing.join(', ')} not found in ${hookNamespace}`;
    const run = migrationRun(hook, hookNamespace, objects, core.current.index + 1);
    core.commit(command, `hook Job ${hookNamespace}/${hook.metadata.name} ran ${podShape(hook).images.join(', ')}`, (draft) => {
      if (run) draft.migrations.push(run);
    });
  }
  return undefined;
}

/**
 * --atomic: a failed install is uninstalled, a failed upgrade rolled back to the revision it started
 * from. `applied` are the objects the release has live now (the failed revision's, once applied).
 */
function undoIfAtomic(request: UpgradeRequest, release: Release, previous: Revision | undefined, applied: readonly KubeObject[], reason: string): string {
  const { core, command, line } = request;
  if (!line.switches.has('atomic')) {
    core.commit(command, `${release.namespace}/${release.name} revision ${release.revisions.at(-1)?.revision} failed`, (draft) => summarise(draft, release));
    return reason;
  }
  if (!previous) {
    release.revisions.length = 0;
    core.releases.remove(release.namespace, release.name);
    core.commit(command, `--atomic: ${release.namespace}/${release.name} uninstalled`, (draft) => {
      for (const object of applied) deleteObject(draft, keyOf(object, release.namespace));
      summarise(draft, release);
    });
    return `release ${release.name} failed, and has been uninstalled due to atomic being set: ${reason}`;
  }
  const rollback = rollbackRevision(release, previous, `Rollback to ${previous.revision}`);
  applyRevision(core, command, release, rollback, applied);
  waitForRevision(core, command, release, rollback);
  return `release ${release.name} failed, and has been rolled back due to atomic being set: ${reason}`;
}

/** A new revision with an older one's chart, values and objects (helm rollback, or --atomic's). */
export function rollbackRevision(release: Release, target: Revision, description: string): Revision {
  for (const other of release.revisions) if (other.status === 'deployed') other.status = 'superseded';
  const revision: Revision = { ...target, revision: (release.revisions.at(-1)?.revision ?? 0) + 1, status: 'deployed', description, updated: new Date().toISOString() };
  release.revisions.push(revision);
  return revision;
}

const placed = (object: KubeObject, namespace: string): KubeObject => ({ ...object, metadata: { ...object.metadata, namespace: namespaceOf(object, namespace) || undefined } }) as KubeObject;

