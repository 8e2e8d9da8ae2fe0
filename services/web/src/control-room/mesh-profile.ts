// Which Istio API routes the services and which data plane carries their requests: the control room
// says so on screen, and on a cluster it decides whose report of a request Prometheus has.

import type { MeshMode, RoutingApi } from '@courier/contracts';

export interface MeshProfile {
  routingApi: RoutingApi;
  mode: MeshMode;
}

const ROUTES: Record<RoutingApi, string> = { istio: 'Istio VirtualService', 'gateway-api': 'Gateway API HTTPRoute' };
const DATA_PLANES: Record<MeshMode, string> = { sidecar: 'sidecars', ambient: 'ambient (ztunnel + waypoint)' };

/**
 * "Gateway API HTTPRoute · ambient (ztunnel + waypoint)": the routing API, then the data plane (the
 * local stack's mesh plays the sidecars). Short, so it fits the presenter layout's one header line.
 */
export function describeMesh(profile: MeshProfile, local: boolean): string {
  const dataPlane = local ? 'local mesh (sidecar semantics)' : DATA_PLANES[profile.mode];
  return `${ROUTES[profile.routingApi]} · ${dataPlane}`;
}

/** The kubectl command that shows a service's routes in this API. */
export const routesCommand = (api: RoutingApi) => (api === 'istio' ? 'kubectl get virtualservice' : 'kubectl get httproute');
