import { type ClusterState, type DeploymentState, objectKey, type Probe } from './cluster-state';
import { matchesLabels } from './pod-shape';
import { allRoutes, type Backend, ingressRoutes, meshRoutes, resolveHost, selectRoute, type SimRoute } from './route-model';

export { resolveHost } from './route-model';

/** One destination of a route that carries traffic, or would as soon as a matching request comes. */
export interface RouteTarget {
  readonly route: SimRoute;
  readonly backend: Backend;
  /** weight: a share of the route's traffic (> 0); mirror: copies of it; header: requests with a header. */
  readonly kind: 'weight' | 'mirror' | 'header';
}

/** `delivery-canary of courier` or `subset canary of delivery`: how a target names where it sends. */
export const describeBackend = (backend: Backend) => (backend.subset ? `subset ${backend.subset} of ${backend.host}` : `Service ${backend.host}`);

/** Every destination that carries traffic: weighted (> 0), mirrored (> 0 %), or behind a header match. */
export function routeTargets(state: ClusterState): RouteTarget[] {
  const targets: RouteTarget[] = [];
  for (const route of allRoutes(state)) {
    const kind = route.byHeader ? 'header' : 'weight';
    for (const destination of route.destinations) if (destination.weight > 0) targets.push({ route, backend: destination.backend, kind });
    if (route.mirror && route.mirror.percent > 0) targets.push({ route, backend: route.mirror.backend, kind: 'mirror' });
  }
  return targets;
}

/**
 * The Deployments a backend sends to: pods selected by the host's Service and, with the Istio API,
 * the DestinationRule subset's labels (the labels of the pods that run now). `reason` says why there are none.
 */
export function backendDeployments(state: ClusterState, backend: Backend): { deployments: DeploymentState[]; reason?: string } {
  const service = resolveHost(backend.host, backend.namespace);
  let subsetLabels: Record<string, string> = {};
  if (backend.subset) {
    const rule = Object.values(state.objects).find(
      (object) => object.kind === 'DestinationRule' && object.metadata.namespace === service.namespace && resolveHost(String(object.spec?.host ?? ''), service.namespace).name === service.name,
    );
    const labels = ((rule?.spec?.subsets ?? []) as { name: string; labels?: Record<string, string> }[]).find((entry) => entry.name === backend.subset)?.labels;
    if (!labels) return { deployments: [], reason: `DestinationRule for ${service.name} in ${service.namespace} has no subset ${backend.subset}` };
    subsetLabels = labels;
  }
  const serviceObject = state.objects[objectKey(service.namespace, 'Service', service.name)];
  if (!backend.subset && !serviceObject) return { deployments: [], reason: `Service ${service.name} does not exist in ${service.namespace}` };
  const selector = { ...((serviceObject?.spec?.selector ?? {}) as Record<string, string>), ...subsetLabels };
  const deployments = Object.values(state.deployments).filter(
    (deployment) => deployment.namespace === service.namespace && matchesLabels((deployment.running ?? deployment.template).labels, selector),
  );
  return deployments.length > 0 ? { deployments } : { deployments, reason: `no Deployment in ${service.namespace} has pods labelled ${JSON.stringify(selector)}` };
}

/** Ready backends, and the versions (pod `version` labels) they run. */
export function servedVersions(state: ClusterState, backend: Backend): string[] {
  return backendDeployments(state, backend)
    .deployments.filter((deployment) => deployment.ready && deployment.running)
    .map((deployment) => deployment.running?.labels.version ?? '')
    .filter(Boolean);
}

/**
 * The service whose pods a backend reaches, as telemetry names it: the pods' `app` label
 * (`delivery` behind `delivery-canary`), else the host's Service name.
 */
export function backendService(state: ClusterState, backend: Backend): string {
  const { deployments } = backendDeployments(state, backend);
  return deployments[0]?.template.labels.app ?? resolveHost(backend.host, backend.namespace).name;
}

/** The version served to everyone: the largest weight of the route a request without headers takes. */
export function liveVersion(state: ClusterState, namespace: string, service: string): string | undefined {
  // The mesh routes match no paths; any path selects the route everyone gets.
  const primary = selectRoute(meshRoutes(state, namespace, service), {}, '/');
  const main = [...(primary?.destinations ?? [])].sort((a, b) => b.weight - a.weight)[0];
  return main && servedVersions(state, main.backend)[0];
}

/** Backends that would see a probe's requests: the header route the probe's header selects, if any. */
export function probedBackends(state: ClusterState, probe: Probe): Backend[] {
  const routes = probe.via === 'ingress' ? ingressRoutes(state, probe.host, probe.gateway)?.routes : meshRoutes(state, probe.namespace, resolveHost(probe.host, probe.namespace).name);
  const route = routes && selectRoute(routes, { [probe.header]: probe.value }, probe.path);
  if (!route?.byHeader) return [];
  return route.destinations.map((destination) => destination.backend);
}
