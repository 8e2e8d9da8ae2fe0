import { stringify } from 'yaml';
import type { KubeObject } from '../../../charts/src/kube-object';
import type { ClusterState } from './cluster-state';
import { type CommandLine, lastValue } from './command-line';
import { evaluateJsonPath } from './jsonpath';
import { notFound, objectsOfType, resourceType, type ResourceType } from './kubectl-resources';
import { matchesLabels, parseSelector } from './pod-shape';
import { fail, ok, type ToolReply } from './tool-call';

/** `TYPE NAME…`, `TYPE/NAME…` or `TYPE` -> the type and the names asked for. */
function targets(positionals: readonly string[]): { type?: ResourceType; typeName: string; names: string[] } {
  const [first = '', ...rest] = positionals;
  if (first.includes('/')) {
    const [typeName, name] = first.split('/');
    return { type: resourceType(typeName), typeName, names: [name, ...rest.map((entry) => entry.split('/')[1] ?? entry)] };
  }
  return { type: resourceType(first), typeName: first, names: rest };
}

/** Formats objects as `kubectl get -o …` does: json, yaml, name, jsonpath=…, or a NAME table. */
export function formatObjects(objects: readonly KubeObject[], type: ResourceType, output: string | undefined, single: boolean): string {
  const document = single ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } };
  if (output === 'json') return `${JSON.stringify(document, null, 4)}\n`;
  if (output === 'yaml') return stringify(document);
  if (output === 'name') return objects.map((object) => `${type.group ? `${type.kind.toLowerCase()}.${type.group}` : type.kind.toLowerCase()}/${object.metadata.name}\n`).join('');
  if (output?.startsWith('jsonpath=')) return evaluateJsonPath(output.slice('jsonpath='.length), document);
  if (output !== undefined && output !== 'wide') throw new Error(`unable to match a printer suitable for the output format "${output}"`);
  return ['NAME', ...objects.map((object) => object.metadata.name)].join('\n') + '\n';
}

/** `kubectl get` from the current state. */
export function kubectlGet(state: ClusterState, line: CommandLine, namespace: string): ToolReply {
  const { type, typeName, names } = targets(line.positionals.slice(1));
  if (!type) return fail(`error: the server doesn't have a resource type "${typeName}"`);
  const scope = line.switches.has('all-namespaces') ? undefined : namespace;
  let objects = objectsOfType(state, type, scope);
  const selector = lastValue(line, 'selector');
  if (selector) objects = objects.filter((object) => matchesLabels(object.metadata.labels ?? {}, parseSelector(selector)));
  if (names.length > 0) {
    const found = names.map((name) => objects.find((object) => object.metadata.name === name));
    const missing = names.filter((_, index) => !found[index]);
    if (missing.length > 0 && !line.switches.has('ignore-not-found')) return fail(missing.map((name) => notFound(type, name)).join('\n'));
    objects = found.filter((object): object is KubeObject => object !== undefined);
  }
  if (objects.length === 0 && names.length === 0) {
    return { code: 0, stdout: lastValue(line, 'output') === 'json' ? formatObjects([], type, 'json', false) : '', stderr: `No resources found${type.namespaced && scope ? ` in ${scope} namespace` : ''}.\n` };
  }
  try {
    return ok(formatObjects(objects, type, lastValue(line, 'output'), names.length === 1));
  } catch (error) {
    return fail(`error: ${(error as Error).message}`);
  }
}

