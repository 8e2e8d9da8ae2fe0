import type { ClusterState } from './cluster-state';
import { ingressVirtualService, probedTargets, resolveHost, routeTargets, servedVersions } from './mesh-routing';

export const trafficKey = (service: string, version: string) => `${service}@${version}`;

/**
 * `<service>@<version>` of every version that receives requests now: a weighted share (> 0) or a
 * mirror of live traffic, or a header route while a probe sends requests with that header.
 */
export function versionsWithTraffic(state: ClusterState): Set<string> {
  const receiving = new Set<string>();
  const add = (namespace: string, host: string, subset: string) => {
    const service = resolveHost(host, namespace).name;
    for (const version of servedVersions(state, namespace, host, subset)) receiving.add(trafficKey(service, version));
  };
  for (const target of routeTargets(state)) if (target.kind !== 'header') add(target.namespace, target.host, target.subset);
  for (const probe of state.probes) {
    for (const target of probedTargets(state, probe, (host) => ingressVirtualService(state, host))) add(target.namespace, target.host, target.subset);
  }
  return receiving;
}
