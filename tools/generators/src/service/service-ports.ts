import { type Tree } from '@nx/devkit';

const DOCKERFILE_PORT = /^ARG PORT=(\d+)$/m;

/** Local ports of the existing services, from the `ARG PORT=` line every service Dockerfile has. */
export function existingServicePorts(tree: Tree): Map<string, number> {
  const ports = new Map<string, number>();
  for (const service of tree.children('services')) {
    const dockerfile = tree.read(`services/${service}/Dockerfile`, 'utf-8');
    const port = dockerfile?.match(DOCKERFILE_PORT)?.[1];
    if (port) ports.set(service, Number(port));
  }
  return ports;
}

/** The requested port if no service has it, else an error; by default one above the highest in use. */
export function choosePort(tree: Tree, requested: number | undefined): number {
  const ports = existingServicePorts(tree);
  if (requested === undefined) return Math.max(2999, ...ports.values()) + 1;
  const owner = [...ports].find(([, port]) => port === requested)?.[0];
  if (owner) throw new Error(`port ${requested} is already used by ${owner}; choose another with --port`);
  return requested;
}
