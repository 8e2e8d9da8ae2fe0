import { readServiceManifests } from '@courier/cluster';
import type { RolloutValues } from '@courier/rollout';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { COMPOSE_FILE, COMPOSE_MESH_CONFIG, renderComposeMeshConfig, withComposeServices } from './compose-files';
import { ChartRenderer } from './chart-renderer';
import { initialRouting } from './service-routing';

/** The routing objects docker-compose's mesh applies: the mesh-relevant kinds only. */
const ROUTING_KINDS = new Set(['VirtualService', 'DestinationRule']);

/** The versions docker-compose.yml runs of each service: those its service.yaml lists. */
export function composeVersions(root: string): Record<string, string[]> {
  return Object.fromEntries(readServiceManifests(root).map((manifest) => [manifest.name, manifest.versions]));
}

/**
 * Renders deploy/compose/routing.yaml from the real charts (stable routing, v2 on delivery's canary
 * track), so compose routes by exactly what Kubernetes would get. Regenerate with
 * `node tools/stack/bin/render-compose-routing.js`; a test fails when the committed file is stale.
 * `rollout` replaces a service's chart `rollout` values: that is how `courier rollout --target
 * compose` moves traffic (the containers keep their versions, so the tracks never change).
 */
export async function renderComposeRouting(root: string, rollout: Record<string, RolloutValues> = {}): Promise<string> {
  const versions = composeVersions(root);
  const services = Object.keys(versions);
  const unknown = Object.keys(rollout).filter((service) => !services.includes(service));
  if (unknown.length > 0) throw new Error(`docker-compose.yml runs no service named ${unknown.join(', ')} (it runs ${services.join(', ')})`);
  const renderer = await ChartRenderer.prepare(root, services);
  try {
    const documents: string[] = [];
    for (const service of services) {
      const initial = initialRouting(versions[service]);
      for (const object of await renderer.render(service, { ...initial, values: rollout[service] ?? initial.values })) {
        if (object.kind && ROUTING_KINDS.has(object.kind)) documents.push(stringify(object));
      }
    }
    return `# Generated from charts/ by tools/stack (render-compose-routing); do not edit.\n---\n${documents.join('---\n')}`;
  } finally {
    await renderer.dispose();
  }
}

/** The routing file docker-compose's mesh watches (and `courier rollout --target compose` rewrites). */
export const COMPOSE_ROUTING = 'deploy/compose/routing.yaml';

/**
 * Every generated compose file, as it should read now (path relative to `root` → content): the
 * routing from the charts, the mesh config and docker-compose.yml's service containers from the
 * service manifests. `render-compose-routing` writes them; a test fails when one is stale.
 */
export async function composeFiles(root: string): Promise<Record<string, string>> {
  const manifests = readServiceManifests(root);
  return {
    [COMPOSE_ROUTING]: await renderComposeRouting(root),
    [COMPOSE_MESH_CONFIG]: renderComposeMeshConfig(manifests),
    [COMPOSE_FILE]: withComposeServices(await readFile(path.join(root, COMPOSE_FILE), 'utf8'), manifests),
  };
}
