import { formatLabels, formatSampleValue } from './prometheus-text';
import { type RoutingDescription } from './routing-description';

/**
 * `courier_mesh_route_weight`: the weight each destination of a VirtualService's default route
 * (its last rule, the one without a match that most traffic takes) has right now, 0–100, with
 * `mirror_percent` for shadow copies. Istio has no such metric (Kiali reads the objects
 * instead); locally it lets a dashboard draw a rollout's weight steps over time next to the
 * traffic share they produce. Header-matched rules (a blue/green preview) are left out: their
 * 100% would read as a promotion.
 */
export function routeWeightExposition(routing: RoutingDescription): string {
  const lines = [
    '# HELP courier_mesh_route_weight Weight (0-100) of each destination of a VirtualService default route; mirror="true" rows are mirror percentages.',
    '# TYPE courier_mesh_route_weight gauge',
  ];
  for (const virtualService of routing.virtualServices) {
    const route = virtualService.rules.at(-1);
    if (!route) continue;
    const gateway = virtualService.gateways.filter((name) => name !== 'mesh').join(',') || 'mesh';
    const row = (destination: { host: string; subset: string | null; version: string }, mirror: boolean, value: number) =>
      `courier_mesh_route_weight{${formatLabels([
        ['virtual_service', virtualService.name],
        ['gateway', gateway],
        ['destination_service', destination.host],
        ['destination_subset', destination.subset ?? ''],
        ['destination_version', destination.version],
        ['mirror', String(mirror)],
      ])}} ${formatSampleValue(value)}`;
    for (const destination of route.destinations) lines.push(row(destination, false, destination.weight));
    for (const mirror of route.mirrors) lines.push(row(mirror, true, mirror.percent));
  }
  return `${lines.join('\n')}\n`;
}
