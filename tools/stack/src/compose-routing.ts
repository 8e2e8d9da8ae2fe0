import { workspaceServices } from '@courier/cluster';
import type { RolloutValues } from '@courier/rollout';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ChartRenderer } from './chart-renderer';
import { initialRouting } from './service-routing';

/** The routing objects docker-compose's mesh applies: the mesh-relevant kinds only. */
const ROUTING_KINDS = new Set(['VirtualService', 'DestinationRule']);

/**
 * The versions docker-compose.yml runs of each service the umbrella chart installs (workspaceServices): a container
 * `<service>` is v1, containers `<service>-v1`, `<service>-v2`… are those versions. Read from the
 * files, so a service added by the generator is routed without editing this list.
 */
export function composeVersions(root: string): Record<string, string[]> {
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, unknown> };
  const containers = Object.keys(compose.services);
  const versions: Record<string, string[]> = {};
  for (const name of workspaceServices(root)) {
    const numbered = containers.flatMap((container) => container.match(new RegExp(`^${name}-(v\\d+)$`))?.[1] ?? []);
    const found = containers.includes(name) ? ['v1', ...numbered] : numbered;
    if (found.length > 0) versions[name] = [...new Set(found)].sort();
  }
  return versions;
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
