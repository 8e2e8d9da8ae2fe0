import { getProjects, type Tree } from '@nx/devkit';

/** kebab-case, starting with a letter; short enough for `<name>-migrate`-style Kubernetes names. */
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;

/** Names the umbrella chart, compose or the pipelines folder already use for something else. */
const RESERVED = new Set(['courier', 'courier-lib', 'mesh', 'postgres', 'prometheus', 'grafana', 'jaeger', 'loadgen', 'gateway', 'pr', 'templates', 'scripts', 'schema']);

/**
 * Why `name` cannot be a new service, or undefined when it can. Every path the generator would
 * write is checked, so a half-generated service is never left behind.
 */
export function serviceNameProblem(tree: Tree, name: string): string | undefined {
  if (!KEBAB_CASE.test(name)) return `"${name}" is not kebab-case: use lower-case letters, digits and single dashes, starting with a letter (e.g. pricing or fleet-tracker)`;
  if (name.length > MAX_LENGTH) return `"${name}" is longer than ${MAX_LENGTH} characters: Kubernetes object names such as ${name}-canary must stay short`;
  if (RESERVED.has(name)) return `"${name}" is reserved: the umbrella chart, docker-compose or pipelines/ already use it`;
  if (getProjects(tree).has(name)) return `"${name}" is already an Nx project (${getProjects(tree).get(name)?.root})`;
  const taken = [`services/${name}`, `charts/${name}`, `pipelines/${name}.yml`].filter((path) => tree.exists(path));
  if (taken.length > 0) return `"${name}" is taken: ${taken.join(', ')} already exist`;
  return undefined;
}
