import type { KubeObject } from '../../../charts/src/kube-object';
import { httpRoutes } from '../../../charts/src/route-table';
import { type ClusterState, type DeploymentState, objectKey, type Probe } from './cluster-state';
import { matchesLabels } from './pod-shape';

type HttpRoute = ReturnType<typeof httpRoutes>[number];
type HeaderMatch = { exact?: string; prefix?: string; regex?: string };

/** One destination of a route that carries traffic, or would as soon as a matching request comes. */
export interface RouteTarget {
  readonly namespace: string;
  readonly virtualService: string;
  readonly route: string;
  readonly host: string;
  readonly subset: string;
  /** weight: a share of the route's traffic (> 0); mirror: copies of it; header: requests with a header. */
  readonly kind: 'weight' | 'mirror' | 'header';
}

/** `users`, `users.courier`, `users.courier.svc.cluster.local` -> the Service and its namespace. */
export function resolveHost(host: string, namespace: string): { name: string; namespace: string } {
  const [name, ns] = host.split('.');
  return { name, namespace: ns && ns !== 'svc' ? ns : namespace };
}

export const virtualServices = (state: ClusterState): KubeObject[] => Object.values(state.objects).filter((object) => object.kind === 'VirtualService');

/** Bound to the mesh (sidecars route with it) when it names no gateway, or names `mesh`. */
export const boundToMesh = (vs: KubeObject) => {
  const gateways = (vs.spec?.gateways ?? []) as string[];
  return gateways.length === 0 || gateways.includes('mesh');
};

const routeName = (route: HttpRoute, index: number) => route.name ?? `http[${index}]`;

/** Every destination that carries traffic: weighted (> 0), mirrored (> 0 %), or behind a header match. */
export function routeTargets(state: ClusterState): RouteTarget[] {
  const targets: RouteTarget[] = [];
  for (const vs of virtualServices(state)) {
    const namespace = vs.metadata.namespace ?? '';
    httpRoutes(vs).forEach((route, index) => {
      const kind = route.match ? 'header' : 'weight';
      for (const destination of route.route ?? []) {
        if ((destination.weight ?? 100) <= 0) continue;
        targets.push({ namespace, virtualService: vs.metadata.name, route: routeName(route, index), host: destination.destination.host, subset: destination.destination.subset ?? '', kind });
      }
      if (route.mirror && (route.mirrorPercentage?.value ?? 100) > 0) {
        targets.push({ namespace, virtualService: vs.metadata.name, route: routeName(route, index), host: route.mirror.host, subset: route.mirror.subset ?? '', kind: 'mirror' });
      }
    });
  }
  return targets;
}

/**
 * The Deployments a subset sends to: pods selected by the host's Service and the DestinationRule
 * subset's labels (the labels of the pods that run now). `reason` says why there are none.
 */
export function subsetBackends(state: ClusterState, namespace: string, host: string, subset: string): { deployments: DeploymentState[]; reason?: string } {
  const service = resolveHost(host, namespace);
  const rule = Object.values(state.objects).find(
    (object) => object.kind === 'DestinationRule' && object.metadata.namespace === service.namespace && resolveHost(String(object.spec?.host ?? ''), service.namespace).name === service.name,
  );
  const subsetLabels = ((rule?.spec?.subsets ?? []) as { name: string; labels?: Record<string, string> }[]).find((entry) => entry.name === subset)?.labels;
  if (!subsetLabels) return { deployments: [], reason: `DestinationRule for ${service.name} in ${service.namespace} has no subset ${subset}` };
  const selector = (state.objects[objectKey(service.namespace, 'Service', service.name)]?.spec?.selector ?? {}) as Record<string, string>;
  const deployments = Object.values(state.deployments).filter(
    (deployment) => deployment.namespace === service.namespace && matchesLabels((deployment.running ?? deployment.template).labels, { ...selector, ...subsetLabels }),
  );
  return deployments.length > 0 ? { deployments } : { deployments, reason: `no Deployment in ${service.namespace} has pods labelled ${JSON.stringify({ ...selector, ...subsetLabels })}` };
}

/** Ready backends of a subset, and the versions (pod `version` labels) they run. */
export function servedVersions(state: ClusterState, namespace: string, host: string, subset: string): string[] {
  return subsetBackends(state, namespace, host, subset)
    .deployments.filter((deployment) => deployment.ready && deployment.running)
    .map((deployment) => deployment.running?.labels.version ?? '')
    .filter(Boolean);
}

function headerMatches(match: NonNullable<HttpRoute['match']>[number], headers: Readonly<Record<string, string>>): boolean {
  return Object.entries((match.headers ?? {}) as Record<string, HeaderMatch>).every(([name, rule]) => {
    const value = headers[name.toLowerCase()];
    if (value === undefined) return false;
    if (rule.exact !== undefined) return value === rule.exact;
    if (rule.prefix !== undefined) return value.startsWith(rule.prefix);
    if (rule.regex !== undefined) return new RegExp(`^(?:${rule.regex})$`).test(value);
    return true;
  });
}

/** A match's `uri` (exact or prefix, the forms the charts render) against the request's path. */
function uriMatches(match: NonNullable<HttpRoute['match']>[number], path: string): boolean {
  const uri = match.uri;
  if (!uri) return true;
  if (uri.exact !== undefined) return path === uri.exact;
  if (uri.prefix !== undefined) return path.startsWith(uri.prefix);
  throw new Error(`the cluster simulator matches uri by exact or prefix only (got ${JSON.stringify(uri)})`);
}

/** Istio's choice: the first route without a match, or with a match the request's path and headers satisfy. */
export function selectRoute(vs: KubeObject, headers: Readonly<Record<string, string>>, path: string): HttpRoute | undefined {
  return httpRoutes(vs).find((route) => !route.match || route.match.some((match) => uriMatches(match, path) && headerMatches(match, headers)));
}

/** The mesh VirtualService of a service (by host, in its namespace). */
export function meshVirtualService(state: ClusterState, namespace: string, service: string): KubeObject | undefined {
  return virtualServices(state).find(
    (vs) => vs.metadata.namespace === namespace && boundToMesh(vs) && ((vs.spec?.hosts ?? []) as string[]).some((host) => resolveHost(host, namespace).name === service),
  );
}

/** The version served to everyone: the largest weight of the route without a header match. */
export function liveVersion(state: ClusterState, namespace: string, service: string): string | undefined {
  const vs = meshVirtualService(state, namespace, service);
  // The mesh routes match no paths; any path selects the route everyone gets.
  const primary = vs && selectRoute(vs, {}, '/');
  const main = [...(primary?.route ?? [])].sort((a, b) => (b.weight ?? 100) - (a.weight ?? 100))[0];
  if (!main) return undefined;
  return servedVersions(state, namespace, main.destination.host, main.destination.subset ?? '')[0];
}

/** Versions that would see a probe's requests: the header route the probe's header selects, if any. */
export function probedTargets(state: ClusterState, probe: Probe, ingress: (host: string) => KubeObject | undefined): { namespace: string; host: string; subset: string }[] {
  const vs = probe.via === 'ingress' ? ingress(probe.host) : meshVirtualService(state, probe.namespace, resolveHost(probe.host, probe.namespace).name);
  const route = vs && selectRoute(vs, { [probe.header]: probe.value }, probe.path);
  if (!vs || !route?.match) return [];
  return (route.route ?? []).map((destination) => ({ namespace: vs.metadata.namespace ?? '', host: destination.destination.host, subset: destination.destination.subset ?? '' }));
}

const hostMatches = (pattern: string, host: string) => pattern === '*' || pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)));

/**
 * The VirtualService the ingress gateway routes a request for `host` with: bound to a Gateway that
 * exists (`<ns>/<name>`, or a name in the VirtualService's namespace), listing the host. Ties go to
 * the first namespace in name order, so the answer does not depend on install order.
 */
export function ingressVirtualService(state: ClusterState, host: string): KubeObject | undefined {
  const requestHost = host.replace(/:\d+$/, '');
  return virtualServices(state)
    .filter((vs) => {
      const namespace = vs.metadata.namespace ?? '';
      const gateways = ((vs.spec?.gateways ?? []) as string[]).filter((gateway) => gateway !== 'mesh');
      const bound = gateways.some((gateway) => {
        const [ns, name] = gateway.includes('/') ? gateway.split('/') : [namespace, gateway];
        return state.objects[objectKey(ns, 'Gateway', name)] !== undefined;
      });
      return bound && ((vs.spec?.hosts ?? []) as string[]).some((pattern) => hostMatches(pattern, requestHost));
    })
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? ''))[0];
}
