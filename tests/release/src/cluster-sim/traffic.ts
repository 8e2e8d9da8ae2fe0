import type { ClusterState } from './cluster-state';
import { backendService, probedBackends, routeTargets, servedVersions } from './mesh-routing';
import type { Backend } from './route-model';

export const trafficKey = (service: string, version: string) => `${service}@${version}`;

/**
 * `<service>@<version>` of every version that receives requests now: a weighted share (> 0) or a
 * mirror of live traffic, or a header route while a probe sends requests with that header.
 */
export function versionsWithTraffic(state: ClusterState): Set<string> {
  const receiving = new Set<string>();
  const add = (backend: Backend) => {
    const service = backendService(state, backend);
    for (const version of servedVersions(state, backend)) receiving.add(trafficKey(service, version));
  };
  for (const target of routeTargets(state)) if (target.kind !== 'header') add(target.backend);
  for (const probe of state.probes) for (const backend of probedBackends(state, probe)) add(backend);
  return receiving;
}
