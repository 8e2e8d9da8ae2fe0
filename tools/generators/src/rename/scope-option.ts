import { type Tree } from '@nx/devkit';
import { TEMPLATE } from './template-names';

/** An npm scope: lower-case letters, digits, "-", "." and "_", not starting with "." or "_" (npm's rules for new package names). */
const NPM_SCOPE = /^@[a-z0-9-][a-z0-9._-]*$/;

/** Scopes the installed dependencies use, read from package-lock.json (`node_modules/@scope/name` keys). */
function dependencyScopes(tree: Tree): Map<string, string> {
  const lock = tree.read('package-lock.json', 'utf-8');
  const scopes = new Map<string, string>();
  if (lock === null) return scopes;
  const packages = (JSON.parse(lock) as { packages?: Record<string, { link?: boolean }> }).packages ?? {};
  for (const [location, entry] of Object.entries(packages)) {
    const match = /(?:^|\/)node_modules\/(@[^/]+)\/([^/]+)$/.exec(location);
    // Links are the workspace's own packages, under the template's scope.
    if (match && !entry.link && !scopes.has(match[1])) scopes.set(match[1], `${match[1]}/${match[2]}`);
  }
  return scopes;
}

/** Why `scope` cannot be the workspace packages' new scope (the option and the fix), or undefined when it can. */
export function scopeProblem(tree: Tree, scope: string): string | undefined {
  if (scope === '') return '--scope is required: the npm scope of your packages, e.g. --scope @acme';
  if (!scope.startsWith('@')) return `--scope "${scope}" must start with @: use --scope @${scope}`;
  if (scope.includes('/')) return `--scope "${scope}" is a package name, not a scope: use --scope ${scope.split('/')[0]} (the packages become ${scope.split('/')[0]}/contracts, ${scope.split('/')[0]}/service-kit, …)`;
  if (!NPM_SCOPE.test(scope)) return `--scope "${scope}" is not an npm scope: use lower-case letters, digits, "-", "." and "_" after the @, not starting with "." or "_", e.g. --scope @acme`;
  if (scope === TEMPLATE.scope) return `--scope ${scope} is the scope the template already has: choose your own, e.g. --scope @acme`;
  const taken = dependencyScopes(tree).get(scope);
  if (taken) return `--scope ${scope} is a dependency's scope (${taken} is installed): choose a scope of your own, e.g. --scope @acme`;
  return undefined;
}
