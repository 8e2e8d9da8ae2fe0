import { stringify } from 'yaml';
import { ChartRenderer } from './chart-renderer';
import { initialRouting } from './service-routing';

/** The routing objects docker-compose's mesh applies: the mesh-relevant kinds only. */
const ROUTING_KINDS = new Set(['VirtualService', 'DestinationRule']);
const COMPOSE_VERSIONS: Record<string, string[]> = { users: ['v1'], delivery: ['v1', 'v2'], web: ['v1'] };

/**
 * Renders deploy/compose/routing.yaml from the real charts (stable routing, v2 on delivery's canary
 * track), so compose routes by exactly what Kubernetes would get. Regenerate with
 * `node tools/stack/bin/render-compose-routing.js`; a test fails when the committed file is stale.
 */
export async function renderComposeRouting(root: string): Promise<string> {
  const services = Object.keys(COMPOSE_VERSIONS);
  const renderer = await ChartRenderer.prepare(root, services);
  try {
    const documents: string[] = [];
    for (const service of services) {
      for (const object of await renderer.render(service, initialRouting(COMPOSE_VERSIONS[service]))) {
        if (object.kind && ROUTING_KINDS.has(object.kind)) documents.push(stringify(object));
      }
    }
    return `# Generated from charts/ by tools/stack (render-compose-routing); do not edit.\n---\n${documents.join('---\n')}`;
  } finally {
    await renderer.dispose();
  }
}
