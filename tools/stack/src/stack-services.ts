import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeVersions } from './compose-routing';

/** One service as `npm start` runs it. */
export interface StackService {
  name: string;
  /** Versions run side by side, each as its own process: v1, or v1 and v2. */
  versions: string[];
  /** Where each version listens (behind the mesh). */
  ports: Record<string, number>;
  /** The mesh listener in front of the service, through which the others call it. */
  meshListener: number;
}

/** Later versions of a service listen this far above the one before (delivery: v1 3002, v2 3012). */
const VERSION_PORT_STEP = 10;
const DOCKERFILE_PORT = /^ARG PORT=(\d+)$/m;

/**
 * The services `npm start` runs, read from the files that already describe them, so that a
 * service added by the generator starts without edits here: the services and versions
 * docker-compose.yml runs (composeVersions: the umbrella chart's services), each version's port
 * from the service's Dockerfile (`ARG PORT=`, the port its config defaults to), and its mesh
 * listener from docker-compose's mesh (deploy/compose/mesh.json), so both ways of running agree.
 */
export function stackServices(root: string): StackService[] {
  const listeners = meshListenerPorts(root);
  return Object.entries(composeVersions(root)).map(([name, versions]) => {
    const port = dockerfilePort(root, name);
    const meshListener = listeners.get(name);
    if (meshListener === undefined) {
      throw new Error(`deploy/compose/mesh.json has no listener for ${name}. Fix: add { "port": <next free 150xx>, "host": "${name}" } to its listeners (the service generator does)`);
    }
    return { name, versions, ports: Object.fromEntries(versions.map((version, index) => [version, port + index * VERSION_PORT_STEP])), meshListener };
  });
}

function dockerfilePort(root: string, service: string): number {
  const file = path.join('services', service, 'Dockerfile');
  const port = DOCKERFILE_PORT.exec(readFileSync(path.join(root, file), 'utf8'))?.[1];
  if (!port) throw new Error(`${file} has no "ARG PORT=<number>" line. Fix: add one with the port the service listens on locally`);
  return Number(port);
}

/** Sidecar listeners (not the ingress gateway) of docker-compose's mesh, by the service they front. */
function meshListenerPorts(root: string): Map<string, number> {
  const config = JSON.parse(readFileSync(path.join(root, 'deploy/compose/mesh.json'), 'utf8')) as { listeners: { port: number; host?: string; gateway?: string }[] };
  return new Map(config.listeners.filter((listener) => listener.host && !listener.gateway).map((listener) => [listener.host as string, listener.port]));
}
