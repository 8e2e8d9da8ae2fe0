// Which Istio API routes the services and which data plane carries their requests: the control room
// says so on screen, and on a cluster it decides whose report of a request Prometheus has.

export type RoutingApi = 'istio' | 'gateway-api';
export type MeshMode = 'sidecar' | 'ambient';

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

/**
 * The proxy that reports a request to a service with Istio's request metrics: the callee's sidecar
 * (`destination`), or in ambient mode the waypoint in front of it; ztunnel reports TCP only.
 */
export const reporterOf = (mode: MeshMode) => (mode === 'ambient' ? 'waypoint' : 'destination');

/** The kubectl command that shows a service's routes in this API. */
export const routesCommand = (api: RoutingApi) => (api === 'istio' ? 'kubectl get virtualservice' : 'kubectl get httproute');
