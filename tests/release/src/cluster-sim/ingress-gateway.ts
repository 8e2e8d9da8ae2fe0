import type http from 'node:http';
import type { ClusterCore } from './cluster-core';
import { backendService, servedVersions } from './mesh-routing';
import { ingressRoutes, selectRoute } from './route-model';

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/**
 * An ingress gateway: Istio's (`gateway` undefined), routing by the VirtualServices bound to an
 * Istio Gateway, or the one Istio deploys for a Gateway API Gateway, routing by the HTTPRoutes
 * attached to it. It answers as the version that serves the request, in `x-served-by:
 * <service>/<version>`. `sequence` counts the forward's requests. A request that a header route
 * takes starts probe traffic to that route.
 */
export function answerGateway(core: ClusterCore, command: string, forwardId: number, request: http.IncomingMessage, sequence: number, gateway?: { namespace: string; name: string }): Answer {
  const host = request.headers.host ?? '';
  const found = ingressRoutes(core.current, host, gateway);
  if (!found) return { status: 404, body: { error: gateway ? `no HTTPRoute attached to Gateway ${gateway.namespace}/${gateway.name} routes host ${host}` : `no VirtualService bound to an existing Gateway routes host ${host}` } };
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value ?? '']));
  const path = new URL(request.url ?? '/', 'http://gateway').pathname;
  const route = selectRoute(found.routes, headers, path);
  // Envoy's 404 (NR) when no route matches, e.g. a path the public ingress does not route.
  if (!route) return { status: 404, body: { error: `no route of ${found.via} matches ${path}` } };
  for (const name of route.headerNames) {
    core.startProbe(command, { owner: forwardId, via: 'ingress', namespace: route.namespace, gateway, host, header: name, value: headers[name], path });
  }
  const destinations = route.destinations.filter((destination) => destination.weight > 0);
  const total = destinations.reduce((sum, destination) => sum + destination.weight, 0);
  // The n-th request goes by the weights in a fixed order (no randomness: runs repeat exactly).
  let pick = sequence % Math.max(total, 1);
  const destination = destinations.find((candidate) => (pick -= candidate.weight) < 0) ?? destinations[0];
  // The Gateway API's answer for a rule with no backend, or all weights 0.
  if (!destination) return gateway ? { status: 500, body: { error: 'no backend' } } : { status: 503, body: { error: 'no destination' } };
  const versions = servedVersions(core.current, destination.backend);
  // Envoy's answer when a cluster has no ready endpoint.
  if (versions.length === 0) return { status: 503, body: 'no healthy upstream' };
  const service = backendService(core.current, destination.backend);
  return { status: 200, headers: { 'x-served-by': `${service}/${versions[0]}` }, body: { service, version: versions[0], route: route.name } };
}
