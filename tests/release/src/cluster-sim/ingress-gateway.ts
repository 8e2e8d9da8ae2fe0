import type http from 'node:http';
import { httpRoutes } from '../../../charts/src/route-table';
import type { ClusterCore } from './cluster-core';
import { ingressVirtualService, resolveHost, selectRoute, servedVersions } from './mesh-routing';

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/**
 * The Istio ingress gateway: routes a request by the ingress VirtualService of the current state
 * (its header routes first) and answers as the version that serves it, in `x-served-by:
 * <service>/<version>`. `sequence` counts the forward's requests. A request that a header route takes starts probe traffic to that route.
 */
export function answerGateway(core: ClusterCore, command: string, forwardId: number, request: http.IncomingMessage, sequence: number): Answer {
  const host = request.headers.host ?? '';
  const vs = ingressVirtualService(core.current, host);
  if (!vs) return { status: 404, body: { error: `no VirtualService bound to an existing Gateway routes host ${host}` } };
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value ?? '']));
  const path = new URL(request.url ?? '/', 'http://gateway').pathname;
  const route = selectRoute(vs, headers, path);
  // Envoy's 404 (NR) when no route matches, e.g. a path the public ingress does not route.
  if (!route) return { status: 404, body: { error: `no route of ${vs.metadata.namespace}/${vs.metadata.name} matches ${path}` } };
  if (route.match) {
    const matched = route.match.find((match) => Object.keys(match.headers ?? {}).every((name) => headers[name.toLowerCase()] !== undefined));
    for (const name of Object.keys(matched?.headers ?? {})) {
      core.startProbe(command, { owner: forwardId, via: 'ingress', namespace: vs.metadata.namespace ?? '', host, header: name.toLowerCase(), value: headers[name.toLowerCase()], path });
    }
  }
  const destinations = (route.route ?? []).filter((destination) => (destination.weight ?? 100) > 0);
  const total = destinations.reduce((sum, destination) => sum + (destination.weight ?? 100), 0);
  // The n-th request goes by the weights in a fixed order (no randomness: runs repeat exactly).
  let pick = sequence % Math.max(total, 1);
  const destination = destinations.find((candidate) => (pick -= candidate.weight ?? 100) < 0) ?? destinations[0];
  if (!destination) return { status: 503, body: { error: 'no destination' } };
  const namespace = vs.metadata.namespace ?? '';
  const versions = servedVersions(core.current, namespace, destination.destination.host, destination.destination.subset ?? '');
  // Envoy's answer when a cluster has no ready endpoint.
  if (versions.length === 0) return { status: 503, body: 'no healthy upstream' };
  const service = resolveHost(destination.destination.host, namespace).name;
  return { status: 200, headers: { 'x-served-by': `${service}/${versions[0]}` }, body: { service, version: versions[0], route: route.name ?? httpRoutes(vs).indexOf(route) } };
}
