import type { ClusterCore } from './cluster-core';
import { type CommandLine, CommandLineError, lastValue, parseCommandLine } from './command-line';
import { HELM_FLAGS } from './helm-flags';
import { applyRevision, waitForRevision, summarise } from './helm-release-apply';
import { installOrUpgrade, rollbackRevision } from './helm-upgrade';
import { chartLabel, computedValues, deployedRevision, lastRevision, type Release, type Revision } from './release-history';
import { fail, ok, type ToolCall, type ToolReply } from './tool-call';
import { deleteObject, keyOf } from './apply-objects';

/** Subcommands that never touch a cluster: the real helm runs them (private HELM_* homes). */
const OFFLINE = new Set(['dependency', 'dep', 'lint', 'package', 'template', 'show', 'inspect', 'version', 'create', 'env']);

/** Answers a helm command line from the simulated cluster (or the real helm, for offline subcommands). */
export async function handleHelm(core: ClusterCore, call: ToolCall, command: string): Promise<ToolReply> {
  const verb = call.args.find((arg) => !arg.startsWith('-'));
  if (verb && OFFLINE.has(verb)) return core.helm.run(call.args, call.cwd);
  let line: CommandLine;
  try {
    line = parseCommandLine(call.args, HELM_FLAGS);
  } catch (error) {
    if (error instanceof CommandLineError) return fail(`Error: ${error.message}`);
    throw error;
  }
  const namespace = lastValue(line, 'namespace') ?? 'default';
  const [first, second, third] = line.positionals;
  switch (first) {
    case 'upgrade':
    case 'install':
      return exclusively(core, namespace, second, first, () => installOrUpgrade({ core, command, line, cwd: call.cwd, verb: first }));
    case 'status':
      return withRelease(core, namespace, second, (release) => status(release, line));
    case 'get':
      if (second !== 'values') return fail(`Error: the cluster simulator answers "helm get values" only (got "helm get ${second ?? ''}")`);
      return withRelease(core, namespace, third, (release) => getValues(release, line));
    case 'history':
    case 'hist':
      return withRelease(core, namespace, second, (release) => history(release, line));
    case 'list':
    case 'ls':
      return list(core, line, namespace);
    case 'rollback':
      return withRelease(core, namespace, second, (release) => rollback(core, command, release, line, third));
    case 'uninstall':
    case 'delete':
      return withRelease(core, namespace, second, (release) => uninstall(core, command, release));
    case 'registry':
      if (second !== 'login' || !third) return fail('Error: the cluster simulator answers "helm registry login HOST" only');
      core.registryLogins.push(third);
      return ok('Login Succeeded\n');
    case 'push': {
      if (!second || !third?.startsWith('oci://')) return fail('Error: usage: helm push [chart] [remote] (remote: oci://...)');
      try {
        return ok(await core.charts.push(second, third, call.cwd));
      } catch (error) {
        return fail(`Error: ${(error as Error).message}`);
      }
    }
    default:
      return fail(`Error: the cluster simulator does not model "helm ${first ?? ''}"`);
  }
}

/** Helm refuses a second operation on a release while one runs (its pending-* status); so does the simulator. */
async function exclusively(core: ClusterCore, namespace: string, name: string | undefined, verb: string, operation: () => Promise<ToolReply>): Promise<ToolReply> {
  const key = `${namespace}/${name ?? ''}`;
  if (core.busyReleases.has(key)) {
    return fail(`Error: ${verb === 'install' ? 'INSTALLATION' : 'UPGRADE'} FAILED: another operation (install/upgrade/rollback) is in progress`);
  }
  core.busyReleases.add(key);
  try {
    return await operation();
  } finally {
    core.busyReleases.delete(key);
  }
}

function withRelease(core: ClusterCore, namespace: string, name: string | undefined, answer: (release: Release) => ToolReply): ToolReply {
  if (!name) return fail('Error: release name is required');
  const release = core.releases.get(namespace, name);
  if (!release || release.revisions.length === 0) return fail('Error: release: not found');
  return answer(release);
}

const wantsJson = (line: CommandLine) => lastValue(line, 'output') === 'json';

function status(release: Release, line: CommandLine): ToolReply {
  const revision = lastRevision(release) as Revision;
  if (wantsJson(line)) {
    return ok(`${JSON.stringify({ name: release.name, namespace: release.namespace, version: revision.revision, info: { status: revision.status, description: revision.description, last_deployed: revision.updated }, chart: { metadata: { name: revision.chart.name, version: revision.chart.version, appVersion: revision.chart.appVersion } } })}\n`);
  }
  return ok(`NAME: ${release.name}\nLAST DEPLOYED: ${revision.updated}\nNAMESPACE: ${release.namespace}\nSTATUS: ${revision.status}\nREVISION: ${revision.revision}\nTEST SUITE: None\n`);
}

/** `helm get values`: the user-supplied values, or with --all the computed ones (over the chart's defaults). */
function getValues(release: Release, line: CommandLine): ToolReply {
  const wanted = lastValue(line, 'revision');
  const revision = wanted ? release.revisions.find((entry) => entry.revision === Number(wanted)) : lastRevision(release);
  if (!revision) return fail(`Error: release: not found`);
  const values = line.switches.has('all') ? computedValues(revision) : revision.config;
  if (wantsJson(line)) return ok(`${JSON.stringify(values)}\n`);
  return ok(`${line.switches.has('all') ? 'COMPUTED' : 'USER-SUPPLIED'} VALUES:\n${JSON.stringify(values, null, 2)}\n`);
}

function history(release: Release, line: CommandLine): ToolReply {
  const rows = release.revisions.map((revision) => ({
    revision: revision.revision,
    updated: revision.updated,
    status: revision.status,
    chart: chartLabel(revision),
    app_version: revision.chart.appVersion ?? '',
    description: revision.description,
  }));
  if (wantsJson(line)) return ok(`${JSON.stringify(rows)}\n`);
  return ok(['REVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\tDESCRIPTION', ...rows.map((row) => Object.values(row).join('\t'))].join('\n') + '\n');
}

function list(core: ClusterCore, line: CommandLine, namespace: string): ToolReply {
  const releases = core.releases.all().filter((release) => line.switches.has('all-namespaces') || release.namespace === namespace);
  const rows = releases.map((release) => {
    const revision = lastRevision(release) as Revision;
    return { name: release.name, namespace: release.namespace, revision: String(revision.revision), updated: revision.updated, status: revision.status, chart: chartLabel(revision), app_version: revision.chart.appVersion ?? '' };
  });
  if (wantsJson(line)) return ok(`${JSON.stringify(rows)}\n`);
  return ok(['NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION', ...rows.map((row) => Object.values(row).join('\t'))].join('\n') + '\n');
}

/** `helm rollback REL [REVISION]`: the given revision, else the one before the deployed one. */
function rollback(core: ClusterCore, command: string, release: Release, line: CommandLine, wanted?: string): ToolReply {
  const current = deployedRevision(release) ?? lastRevision(release);
  const target = wanted && wanted !== '0'
    ? release.revisions.find((revision) => revision.revision === Number(wanted))
    : release.revisions.filter((revision) => revision.revision < (current?.revision ?? 0)).at(-1);
  if (!target) return fail(`Error: release has no ${wanted ?? 'previous'} version`);
  const applied = current?.objects ?? [];
  const revision = rollbackRevision(release, target, `Rollback to ${target.revision}`);
  applyRevision(core, command, release, revision, applied);
  if (line.switches.has('wait')) {
    const stuck = waitForRevision(core, command, release, revision);
    if (stuck.length > 0) return fail(`Error: timed out waiting for the condition (${stuck.join('; ')})`);
  }
  return ok('Rollback was a success! Happy Helming!\n');
}

function uninstall(core: ClusterCore, command: string, release: Release): ToolReply {
  const applied = deployedRevision(release)?.objects ?? [];
  release.revisions.length = 0;
  core.releases.remove(release.namespace, release.name);
  core.commit(command, `release ${release.namespace}/${release.name} uninstalled`, (draft) => {
    for (const object of applied) deleteObject(draft, keyOf(object, release.namespace));
    summarise(draft, release);
  });
  return ok(`release "${release.name}" uninstalled\n`);
}
