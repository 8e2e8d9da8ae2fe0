import { urlVariable, type ServiceManifest } from '@courier/cluster';
import { streamsServiceOf } from './stack-workloads';

export const COMPOSE_FILE = 'docker-compose.yml';
export const COMPOSE_MESH_CONFIG = 'deploy/compose/mesh.json';

/** The mesh's listener for the ingress gateway under compose (published on 127.0.0.1:8080). */
const COMPOSE_GATEWAY_PORT = 8080;
/** Where a container with streams serves them: the port web's chart gives streams (values.yaml streams.port). */
export const CONTAINER_STREAMS_PORT = 8081;
const DATABASE_URL = 'postgres://postgres:${POSTGRES_PASSWORD:-courier-local-only}@postgres:5432/postgres';

/** One container per version of a service: `<name>` when it runs one version, `<name>-v1`, `<name>-v2`… otherwise. */
export interface ComposeContainer {
  service: string;
  version: string;
  container: string;
  /** The first version is stable, the second the canary; later ones run unrouted, ready to roll out. */
  track: 'stable' | 'canary' | undefined;
}

export function composeContainers(manifests: readonly ServiceManifest[]): ComposeContainer[] {
  return manifests.flatMap((manifest) =>
    manifest.versions.map((version, index) => ({
      service: manifest.name,
      version,
      container: manifest.versions.length === 1 ? manifest.name : `${manifest.name}-${version}`,
      track: index === 0 ? 'stable' : index === 1 ? 'canary' : undefined,
    })),
  );
}

/** `first`: the service's first container, when this is a later version of it. */
function serviceBlock(manifest: ServiceManifest, container: ComposeContainer, first: ComposeContainer | undefined, byName: Map<string, ServiceManifest>): string {
  const lines = [`  ${container.container}:`, '    <<: *courier-service'];
  // The first version builds the image; the others run it with another APP_VERSION.
  if (!first) lines.push(`    build: { context: ., dockerfile: services/Dockerfile, target: final, args: { SERVICE: ${manifest.name} } }`);
  lines.push(`    image: courier/${manifest.name}:local`, '    environment:', '      <<: *courier-env', `      APP_VERSION: ${container.version}`);
  if (container.track) lines.push(`      APP_TRACK: ${container.track}`);
  if (manifest.streamsPort !== undefined) lines.push(`      STREAMS_PORT: ${CONTAINER_STREAMS_PORT}`);
  // Calls go through the mesh's listener in front of the callee, as through a sidecar.
  for (const callee of manifest.calls) lines.push(`      ${urlVariable(callee)}: http://mesh:${byName.get(callee)?.meshListener}`);
  if (manifest.database) lines.push(`      DATABASE_URL: ${DATABASE_URL}`);
  // A later version waits for the first, whose start migrates the schema they share.
  const waitFor = first ? first.container : manifest.database ? 'postgres' : undefined;
  if (waitFor) lines.push('    depends_on:', `      ${waitFor}: { condition: service_healthy }`);
  return `${lines.join('\n')}\n`;
}

/** The service containers of docker-compose.yml, one per version, in start order. */
export function renderComposeServices(manifests: readonly ServiceManifest[]): string {
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const containers = composeContainers(manifests);
  return containers
    .map((container) => {
      const first = containers.find((other) => other.service === container.service);
      return serviceBlock(byName.get(container.service) as ServiceManifest, container, first === container ? undefined : first, byName);
    })
    .join('\n');
}

/** What the mesh container waits for before it takes traffic: every service container, healthy. */
export function renderMeshDependencies(manifests: readonly ServiceManifest[]): string {
  return composeContainers(manifests).map(({ container }) => `      ${container}: { condition: service_healthy }\n`).join('');
}

/**
 * Replaces what lies between `# >>> generated: <region>` and `# <<< generated: <region>` in `text`.
 * The markers stay, so the next run finds them; a file without them is an error that says so.
 */
export function replaceGeneratedRegion(text: string, file: string, region: string, content: string): string {
  const begin = new RegExp(`^[ \\t]*# >>> generated: ${region}\\b.*\\n`, 'm').exec(text);
  const end = new RegExp(`^[ \\t]*# <<< generated: ${region}\\b.*$`, 'm').exec(text);
  if (!begin || !end || end.index < begin.index) {
    throw new Error(`${file} has no "# >>> generated: ${region}" … "# <<< generated: ${region}" markers; restore them from git (the generator writes between them)`);
  }
  const from = begin.index + begin[0].length;
  return text.slice(0, from) + content + text.slice(end.index);
}

/** docker-compose.yml with its generated regions (the service containers, what the mesh waits for) rewritten. */
export function withComposeServices(composeText: string, manifests: readonly ServiceManifest[]): string {
  const services = replaceGeneratedRegion(composeText, COMPOSE_FILE, 'services', renderComposeServices(manifests));
  return replaceGeneratedRegion(services, COMPOSE_FILE, 'mesh depends on', renderMeshDependencies(manifests));
}

/** deploy/compose/mesh.json: a listener per service and the gateway's, and a workload per routed container. */
export function renderComposeMeshConfig(manifests: readonly ServiceManifest[]): string {
  const gateway = manifests.find((manifest) => manifest.public);
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const config = {
    description: 'The local mesh under docker-compose: the same routing objects as Kubernetes (routing.yaml, rendered from the charts), with the compose services standing in for pods. Generated from services/*/service.yaml (render-compose-routing); do not edit.',
    namespace: 'courier',
    bind: '0.0.0.0',
    adminPort: 15020,
    listeners: [
      ...(gateway ? [{ name: 'ingress-gateway', port: COMPOSE_GATEWAY_PORT, host: gateway.name, gateway: 'courier-gateway' }] : []),
      ...manifests.map((manifest) => ({ port: manifest.meshListener, host: manifest.name })),
    ],
    workloads: composeContainers(manifests)
      .filter((container) => container.track)
      .flatMap(({ service, version, container, track }) => {
        const workload = { service, name: `${service}-${version}`, labels: { app: service, version, track }, url: `http://${container}:8080` };
        // The same container behind <name>-streams, as the chart's second Service (stack-workloads.ts).
        const streams = byName.get(service)?.streamsPort === undefined ? [] : [{ ...workload, service: streamsServiceOf(service), url: `http://${container}:${CONTAINER_STREAMS_PORT}` }];
        return [workload, ...streams];
      }),
  };
  // One line per listener and workload, easy to read and to diff.
  const oneLine = (item: unknown) => JSON.stringify(item, null, 1).replace(/\n\s*/g, ' ');
  const list = (items: unknown[]) => `[\n${items.map((item) => `    ${oneLine(item)}`).join(',\n')}\n  ]`;
  return `{
  "description": ${JSON.stringify(config.description)},
  "namespace": "${config.namespace}",
  "bind": "${config.bind}",
  "adminPort": ${config.adminPort},
  "listeners": ${list(config.listeners)},
  "workloads": ${list(config.workloads)}
}
`;
}
