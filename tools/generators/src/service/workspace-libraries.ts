import { readJson, type Tree } from '@nx/devkit';

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The npm workspaces' package folders (libs/*, services/*, tools/*), by package name. */
function workspacePackages(tree: Tree): Map<string, { root: string; manifest: PackageManifest }> {
  const packages = new Map<string, { root: string; manifest: PackageManifest }>();
  for (const group of ['libs', 'services', 'tools']) {
    for (const folder of tree.children(group)) {
      const root = `${group}/${folder}`;
      if (!tree.exists(`${root}/package.json`)) continue;
      const manifest = readJson<PackageManifest>(tree, `${root}/package.json`);
      if (manifest.name) packages.set(manifest.name, { root, manifest });
    }
  }
  return packages;
}

/**
 * Roots of the libs/ packages reachable from these package names through workspace dependencies,
 * sorted. Nx draws a project dependency for every workspace package a manifest declares, and
 * Courier's manifests declare what their code imports, so this is what `nx graph` will say: the
 * pipeline suite (tests/pipelines) checks the generated path filter against the real graph.
 */
export function libraryRootsReachableFrom(tree: Tree, packageNames: readonly string[]): string[] {
  const packages = workspacePackages(tree);
  const seen = new Set<string>();
  const queue = [...packageNames];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const found = packages.get(name);
    if (!found || seen.has(name)) continue;
    seen.add(name);
    queue.push(...Object.keys({ ...found.manifest.dependencies, ...found.manifest.devDependencies }));
  }
  return [...seen]
    .map((name) => packages.get(name)?.root as string)
    .filter((root) => root.startsWith('libs/'))
    .sort();
}
