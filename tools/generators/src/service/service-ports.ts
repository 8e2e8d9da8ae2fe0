import { type Tree } from '@nx/devkit';
import { readServiceManifests, streamsPorts, versionPorts } from '../../../cluster/src/service-manifest';
import { treeFiles } from './tree-files';

/** The local mesh's listeners start here (web 15000, users 15001, delivery 15002). */
const FIRST_MESH_LISTENER = 15000;

/** Every local port a service already has (each version's, its streams', its mesh listener), and whose it is. */
function portOwners(tree: Tree): Map<number, string> {
  const owners = new Map<number, string>();
  for (const manifest of readServiceManifests(tree.root, treeFiles(tree))) {
    for (const port of [...Object.values(versionPorts(manifest)), ...Object.values(streamsPorts(manifest)), manifest.meshListener]) owners.set(port, manifest.name);
  }
  return owners;
}

/** The requested port if no service has it, else an error; by default the first free one above the highest service port. */
export function choosePort(tree: Tree, requested: number | undefined): number {
  const owners = portOwners(tree);
  if (requested !== undefined) {
    const owner = owners.get(requested);
    if (owner) throw new Error(`port ${requested} is already used by ${owner}; choose another with --port`);
    return requested;
  }
  let port = Math.max(2999, ...readServiceManifests(tree.root, treeFiles(tree)).map((manifest) => manifest.port)) + 1;
  while (owners.has(port)) port++;
  return port;
}

/** The next free mesh listener port: one above the highest in use. */
export function nextMeshListener(tree: Tree): number {
  return Math.max(FIRST_MESH_LISTENER - 1, ...readServiceManifests(tree.root, treeFiles(tree)).map((manifest) => manifest.meshListener)) + 1;
}
