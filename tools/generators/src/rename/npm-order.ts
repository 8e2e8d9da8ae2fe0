import { type Tree } from '@nx/devkit';
import { TEMPLATE } from './template-names';

/** npm sorts lockfile entries and saved dependencies with an English collator (@isaacs/string-locale-compare). */
const npmCompare = new Intl.Collator('en').compare;
const DEPENDENCY_MAPS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const inNpmOrder = (keys: readonly string[]) => keys.every((key, index) => index === 0 || npmCompare(keys[index - 1], key) <= 0);

/**
 * The object with its keys in npm's order, if they were in npm's order before the rename (read back
 * to the template's scope); a map someone ordered by hand stays as it is.
 */
function reordered(object: JsonObject, scope: string): JsonObject {
  const keys = Object.keys(object);
  const before = keys.map((key) => key.split(`${scope}/`).join(`${TEMPLATE.scope}/`));
  if (!inNpmOrder(before) || inNpmOrder(keys)) return object;
  return Object.fromEntries([...keys].sort(npmCompare).map((key) => [key, object[key]]));
}

function withDependenciesReordered(manifest: JsonObject, scope: string): JsonObject {
  const result = { ...manifest };
  for (const map of DEPENDENCY_MAPS) if (isObject(result[map])) result[map] = reordered(result[map], scope);
  return result;
}

function rewriteReordered(tree: Tree, file: string, reorder: (json: JsonObject) => JsonObject): void {
  const text = tree.read(file, 'utf-8');
  if (text === null) return;
  const json = JSON.parse(text) as JsonObject;
  const result = reorder(json);
  // Key order is all a reorder changes; a file in order keeps its text and formatting.
  if (JSON.stringify(result) === JSON.stringify(json)) return;
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  tree.write(file, `${JSON.stringify(result, null, indent)}\n`);
}

/**
 * Puts renamed entries where npm would: under a new scope the workspace packages sort elsewhere in
 * the lockfile's `packages` (node_modules/@acme/contracts) and in dependency maps, and npm writes
 * both sorted. So `npm install` after the rename reorders nothing.
 */
export function keepNpmOrder(tree: Tree, packageJsonFiles: readonly string[], scope: string): void {
  rewriteReordered(tree, 'package-lock.json', (lock) => {
    if (!isObject(lock.packages)) return lock;
    const packages = reordered(lock.packages, scope);
    return { ...lock, packages: Object.fromEntries(Object.entries(packages).map(([location, entry]) => [location, isObject(entry) ? withDependenciesReordered(entry, scope) : entry])) };
  });
  for (const file of packageJsonFiles) rewriteReordered(tree, file, (manifest) => withDependenciesReordered(manifest, scope));
}
