import { type Tree } from '@nx/devkit';
import { parse } from 'yaml';

/** Later versions listen this far above the one before (tools/cluster's VERSION_PORT_STEP). */
const VERSION_PORT_STEP = 10;
/** The local mesh's listeners start here (web 15000, users 15001, delivery 15002). */
const FIRST_MESH_LISTENER = 15000;

interface PortsOfService {
  port: number;
  meshListener: number;
  versions: string[];
}

/** What the existing services' manifests (services/<name>/service.yaml) already use. */
function existingManifests(tree: Tree): Map<string, PortsOfService> {
  const manifests = new Map<string, PortsOfService>();
  for (const service of tree.children('services')) {
    const text = tree.read(`services/${service}/service.yaml`, 'utf-8');
    if (text !== null) manifests.set(service, parse(text) as PortsOfService);
  }
  return manifests;
}

/** Every local port a version of a service listens on, and which service has it. */
function portOwners(tree: Tree): Map<number, string> {
  const owners = new Map<number, string>();
  for (const [service, manifest] of existingManifests(tree)) {
    manifest.versions.forEach((_version, index) => owners.set(manifest.port + index * VERSION_PORT_STEP, service));
  }
  return owners;
}

/** The requested port if no service has it, else an error; by default one above the highest in use. */
export function choosePort(tree: Tree, requested: number | undefined): number {
  const owners = portOwners(tree);
  if (requested === undefined) return Math.max(2999, ...[...existingManifests(tree).values()].map((manifest) => manifest.port)) + 1;
  const owner = owners.get(requested);
  if (owner) throw new Error(`port ${requested} is already used by ${owner}; choose another with --port`);
  return requested;
}

/** The next free mesh listener port: one above the highest in use. */
export function nextMeshListener(tree: Tree): number {
  return Math.max(FIRST_MESH_LISTENER - 1, ...[...existingManifests(tree).values()].map((manifest) => manifest.meshListener)) + 1;
}
