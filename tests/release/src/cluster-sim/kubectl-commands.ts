import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../../charts/src/kube-object';
import { applyObject, deleteObject, keyOf, namespaceOf } from './apply-objects';
import type { ClusterCore } from './cluster-core';
import { namespacedKey, objectKey } from './cluster-state';
import { type CommandLine, CommandLineError, lastValue, parseCommandLine } from './command-line';
import { settleInNewState } from './helm-release-apply';
import { KUBECTL_FLAGS } from './kubectl-flags';
import { kubectlExec } from './kubectl-exec';
import { kubectlGet } from './kubectl-get';
import { notFound, objectsOfType, resourceType } from './kubectl-resources';
import { kubectlPortForward } from './port-forward';
import { matchesLabels, parseSelector } from './pod-shape';
import { fail, ok, type ToolCall, type ToolReply } from './tool-call';

const DEPLOYMENT = resourceType('deployment')!;

/** Answers a kubectl command line from the simulated cluster. */
export async function handleKubectl(core: ClusterCore, call: ToolCall, command: string): Promise<ToolReply> {
  let line: CommandLine;
  try {
    line = parseCommandLine(call.args, KUBECTL_FLAGS);
  } catch (error) {
    if (error instanceof CommandLineError) return fail(`error: ${error.message}`);
    throw error;
  }
  const namespace = lastValue(line, 'namespace') ?? 'default';
  const [verb, second] = line.positionals;
  switch (verb) {
    case 'get':
      return kubectlGet(core.current, line, namespace);
    case 'rollout':
      if (second !== 'status') return fail(`error: the cluster simulator answers "kubectl rollout status" only`);
      return rolloutStatus(core, command, line, namespace);
    case 'wait':
      return waitAvailable(core, command, line, namespace);
    case 'create':
      return create(core, command, line, namespace, call.cwd);
    case 'label':
      return labelNamespace(core, command, line);
    case 'apply':
      return apply(core, command, line, call, namespace);
    case 'delete':
      return remove(core, command, line, namespace);
    case 'port-forward':
      return kubectlPortForward(core, command, line, namespace);
    case 'exec':
      return kubectlExec(core, command, line, namespace);
    default:
      return fail(`error: the cluster simulator does not model "kubectl ${verb ?? ''}"`);
  }
}

/** `deployment/x`, `deploy x` -> x */
function deploymentName(positionals: readonly string[]): string | undefined {
  const [first, name] = positionals;
  if (first?.includes('/')) return resourceType(first.split('/')[0])?.kind === 'Deployment' ? first.split('/')[1] : undefined;
  return resourceType(first ?? '')?.kind === 'Deployment' ? name : undefined;
}

function rolloutStatus(core: ClusterCore, command: string, line: CommandLine, namespace: string): ToolReply {
  const name = deploymentName(line.positionals.slice(2));
  if (!name) return fail('error: the cluster simulator answers "kubectl rollout status deployment/NAME" only');
  const key = namespacedKey(namespace, name);
  if (!core.current.deployments[key]) return fail(notFound(DEPLOYMENT, name));
  const stuck = settleInNewState(core, command, `deployment ${key} rolled out`, [key]);
  if (stuck.length > 0) {
    return { code: 1, stdout: `Waiting for deployment "${name}" rollout to finish: 0 of 1 updated replicas are available...\n`, stderr: `error: timed out waiting for the condition\n` };
  }
  return ok(`deployment "${name}" successfully rolled out\n`);
}

/** `kubectl wait deployment (-l SELECTOR | NAME) --for=condition=Available`. */
function waitAvailable(core: ClusterCore, command: string, line: CommandLine, namespace: string): ToolReply {
  const condition = lastValue(line, 'for')?.toLowerCase();
  if (condition !== 'condition=available') return fail(`error: the cluster simulator waits for condition=Available only (got --for=${lastValue(line, 'for') ?? ''})`);
  const rest = line.positionals.slice(1);
  const named = deploymentName(rest);
  if (!named && resourceType(rest[0] ?? '')?.kind !== 'Deployment') return fail('error: the cluster simulator waits for deployments only');
  const selector = lastValue(line, 'selector');
  const deployments = Object.values(core.current.deployments).filter(
    (deployment) => deployment.namespace === namespace && (named ? deployment.name === named : selector ? matchesLabels(core.current.objects[objectKey(namespace, 'Deployment', deployment.name)]?.metadata.labels ?? {}, parseSelector(selector)) : true),
  );
  if (named && deployments.length === 0) return fail(notFound(DEPLOYMENT, named));
  if (deployments.length === 0) return fail('error: no matching resources found');
  const keys = deployments.map((deployment) => namespacedKey(namespace, deployment.name));
  const stuck = settleInNewState(core, command, `deployments ${keys.join(', ')} available`, keys);
  const met = deployments.filter((deployment) => core.current.deployments[namespacedKey(namespace, deployment.name)]?.ready);
  const stdout = met.map((deployment) => `deployment.apps/${deployment.name} condition met\n`).join('');
  if (stuck.length > 0) {
    const waiting = deployments.filter((deployment) => !met.includes(deployment));
    return { code: 1, stdout, stderr: waiting.map((deployment) => `error: timed out waiting for the condition on deployments/${deployment.name}\n`).join('') };
  }
  return ok(stdout);
}

const isDryRun = (line: CommandLine) => (lastValue(line, 'dry-run') ?? 'none') !== 'none';

/**
 * `create namespace X` and `create secret generic X --from-literal=K=V --from-file=[K=]PATH`, for
 * real or as --dry-run=client -o yaml.
 */
function create(core: ClusterCore, command: string, line: CommandLine, namespace: string, cwd: string): ToolReply {
  const [, what, third, fourth] = line.positionals;
  let object: KubeObject;
  if (resourceType(what ?? '')?.kind === 'Namespace' && third) {
    object = { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name: third } as KubeObject['metadata'], spec: {}, status: {} };
  } else if (what === 'secret' && third === 'generic' && fourth) {
    const data: Record<string, string> = {};
    for (const literal of line.values.get('from-literal') ?? []) {
      const equals = literal.indexOf('=');
      if (equals <= 0) return fail(`error: invalid literal source ${literal}, expected key=value`);
      data[literal.slice(0, equals)] = Buffer.from(literal.slice(equals + 1)).toString('base64');
    }
    for (const source of line.values.get('from-file') ?? []) {
      const equals = source.indexOf('=');
      const file = equals < 0 ? source : source.slice(equals + 1);
      const key = equals < 0 ? path.basename(file) : source.slice(0, equals);
      const resolved = path.resolve(cwd, file);
      if (!fs.existsSync(resolved)) return fail(`error: error reading ${file}: no such file or directory`);
      data[key] = fs.readFileSync(resolved).toString('base64');
    }
    const metadata = { creationTimestamp: null, name: fourth, ...(lastValue(line, 'namespace') ? { namespace } : {}) } as KubeObject['metadata'];
    object = { apiVersion: 'v1', data, kind: 'Secret', metadata };
  } else {
    return fail('error: the cluster simulator creates "namespace NAME" and "secret generic NAME --from-literal=… --from-file=…" only');
  }
  if (isDryRun(line)) {
    const output = lastValue(line, 'output');
    if (output === 'yaml') return ok(stringify(object));
    if (output === 'json') return ok(`${JSON.stringify(object, null, 4)}\n`);
    return ok(`${object.kind.toLowerCase()}/${object.metadata.name} created (dry run)\n`);
  }
  const key = keyOf(object, namespace);
  if (object.kind === 'Namespace' ? core.current.namespaces[object.metadata.name] : core.current.objects[key]) {
    return fail(`Error from server (AlreadyExists): ${object.kind === 'Namespace' ? 'namespaces' : 'secrets'} "${object.metadata.name}" already exists`);
  }
  if (object.kind !== 'Namespace' && !core.current.namespaces[namespace]) return fail(`error: failed to create secret namespaces "${namespace}" not found`);
  core.commit(command, `${object.kind} ${object.metadata.name} created`, (draft) => void applyObject(draft, object, namespace));
  return ok(`${object.kind.toLowerCase()}/${object.metadata.name} created\n`);
}

/** `label namespace X key=value… [key-] [--overwrite]`. */
function labelNamespace(core: ClusterCore, command: string, line: CommandLine): ToolReply {
  const [, typeName, ...rest] = line.positionals;
  const [target, ...changes] = typeName?.includes('/') ? [typeName.split('/')[1], ...rest] : rest;
  if (resourceType(typeName?.split('/')[0] ?? '')?.kind !== 'Namespace' || !target) return fail('error: the cluster simulator labels namespaces only');
  const current = core.current.namespaces[target];
  if (!current) return fail(`Error from server (NotFound): namespaces "${target}" not found`);
  const labels = { ...current };
  for (const change of changes) {
    if (change.endsWith('-')) {
      delete labels[change.slice(0, -1)];
      continue;
    }
    const [key, value = ''] = change.split('=');
    if (labels[key] !== undefined && labels[key] !== value && !line.switches.has('overwrite')) return fail(`error: '${key}' already has a value (${labels[key]}), and --overwrite is false`);
    labels[key] = value;
  }
  const object = core.current.objects[objectKey('', 'Namespace', target)];
  core.commit(command, `namespace ${target} labelled`, (draft) => {
    draft.namespaces[target] = labels;
    if (object) draft.objects[objectKey('', 'Namespace', target)] = { ...object, metadata: { ...object.metadata, labels } };
  });
  return ok(`namespace/${target} labeled\n`);
}

function manifests(line: CommandLine, call: ToolCall): KubeObject[] {
  const files = line.values.get('filename') ?? [];
  if (files.length === 0) throw new Error('error: must specify one of -f and -k');
  return files.flatMap((file) => {
    const text = file === '-' ? call.stdin ?? '' : fs.readFileSync(path.resolve(call.cwd, file), 'utf8');
    return parseAllDocuments(text).map((document) => document.toJS() as KubeObject | null).filter((object): object is KubeObject => object !== null);
  });
}

/** `apply -f FILE|-`: creates or replaces each object, in one state. */
function apply(core: ClusterCore, command: string, line: CommandLine, call: ToolCall, namespace: string): ToolReply {
  let objects: KubeObject[];
  try {
    objects = manifests(line, call);
  } catch (error) {
    return fail((error as Error).message);
  }
  const creating = new Set(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name));
  for (const object of objects) {
    const target = namespaceOf(object, namespace);
    if (target && !core.current.namespaces[target] && !creating.has(target)) {
      return fail(`Error from server (NotFound): error when creating "${lastValue(line, 'filename') === '-' ? 'STDIN' : lastValue(line, 'filename')}": namespaces "${target}" not found`);
    }
  }
  const name = (object: KubeObject) => {
    const type = resourceType(object.kind);
    return `${object.kind.toLowerCase()}${type?.group ? `.${type.group}` : ''}/${object.metadata.name}`;
  };
  if (isDryRun(line)) return ok(objects.map((object) => `${name(object)} created (dry run)\n`).join(''));
  let stdout = '';
  core.commit(command, `applied ${objects.map(name).join(', ')}`, (draft) => {
    // Namespaces first, as kubectl orders them, so the rest has somewhere to go.
    const ordered = [...objects].sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
    for (const object of ordered) stdout += `${name(object)} ${applyObject(draft, object, namespace)}\n`;
  });
  return ok(stdout);
}

/** `delete TYPE NAME…` or `delete -f`. */
function remove(core: ClusterCore, command: string, line: CommandLine, namespace: string): ToolReply {
  const [, first, ...rest] = line.positionals;
  const typeName = first?.split('/')[0] ?? '';
  const type = resourceType(typeName);
  if (!type) return fail(`error: the server doesn't have a resource type "${typeName}"`);
  const names = first?.includes('/') ? [first.split('/')[1], ...rest] : rest;
  const existing = new Set(objectsOfType(core.current, type, namespace).map((object) => object.metadata.name));
  const missing = names.filter((name) => !existing.has(name));
  if (missing.length > 0 && !line.switches.has('ignore-not-found')) return fail(missing.map((name) => notFound(type, name)).join('\n'));
  const present = names.filter((name) => existing.has(name));
  if (present.length === 0) return ok('');
  core.commit(command, `deleted ${type.plural} ${present.join(', ')}`, (draft) => {
    for (const name of present) deleteObject(draft, objectKey(type.namespaced ? namespace : '', type.kind, name));
  });
  return ok(present.map((name) => `${type.group ? `${type.plural.replace(/s$/, '')}.${type.group}` : type.kind.toLowerCase()} "${name}" deleted\n`).join(''));
}
