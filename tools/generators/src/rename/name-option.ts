import { type Tree } from '@nx/devkit';
import { TEMPLATE } from './template-names';

/** A DNS-1123 label (Kubernetes namespaces, Helm releases, label values), starting with a letter. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `<name>-canary-vs-stable` is a Grafana dashboard uid, and Grafana takes uids of at most 40 characters. */
const MAX_LENGTH = 40 - '-canary-vs-stable'.length;

/**
 * Names the install or npm already gives a meaning: the namespaces beside the app's own, and the
 * commands an npm script would find the rollout CLI (renamed to the project's name) shadowing.
 */
const RESERVED = new Map([
  ['default', 'a namespace every cluster has'],
  ['observability', 'the namespace of Prometheus, Grafana and Jaeger'],
  ['istio-system', "Istio's namespace"],
  ['istio-ingress', "the ingress gateway's namespace"],
  ['node', 'the rollout CLI takes the project\'s name, and would shadow node in npm scripts'],
  ['npm', 'the rollout CLI takes the project\'s name, and would shadow npm in npm scripts'],
  ['npx', 'the rollout CLI takes the project\'s name, and would shadow npx in npm scripts'],
]);

/** Why `name` cannot be the project's new name (the option and the fix), or undefined when it can. */
export function nameProblem(tree: Tree, name: string): string | undefined {
  if (name === '') return '--name is required: the project\'s new name, e.g. --name parcels';
  if (!DNS_LABEL.test(name)) return `--name "${name}" is not a DNS-1123 label: use lower-case letters, digits and single dashes, e.g. --name parcels or --name fleet-ops`;
  if (!/^[a-z]/.test(name)) return `--name "${name}" starts with a digit: start it with a letter, as Helm chart names and environment variables (${name.toUpperCase()}_…) need`;
  if (name.includes('--')) return `--name "${name}" has a double dash: use single dashes between words, e.g. --name fleet-ops`;
  if (name.length > MAX_LENGTH) return `--name "${name}" is ${name.length} characters long: use at most ${MAX_LENGTH}, since ${name}-canary-vs-stable is a Grafana dashboard uid (at most 40)`;
  if (name.includes(TEMPLATE.name)) return `--name "${name}" still contains "${TEMPLATE.name}": choose a name without it, so nothing is left that looks like the template's name`;
  const reserved = RESERVED.get(name);
  if (reserved) return `--name "${name}" is reserved (${reserved}): choose another name`;
  if (name.startsWith('kube-')) return `--name "${name}" starts with kube-, which Kubernetes keeps for its own namespaces: choose another name`;
  // FsTree reads node_modules from disk: a dependency's command with the name would clash with the rollout CLI's.
  if (tree.exists(`node_modules/.bin/${name}`)) return `--name "${name}" is already a command of a dependency (node_modules/.bin/${name}), which the rollout CLI would clash with: choose another name`;
  return undefined;
}
