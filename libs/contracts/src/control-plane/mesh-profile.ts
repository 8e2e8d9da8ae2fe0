// Which Istio API routes the services and which data plane carries their requests: the charts'
// routing.api and mesh.mode, as the control room shows them and the rollout analysis reads them.

/** The charts' `routing.api`: Istio's VirtualService API, or the Kubernetes Gateway API. */
export type RoutingApi = 'istio' | 'gateway-api';
/** The charts' `mesh.mode`: sidecars, or ambient (ztunnel plus a waypoint); ambient needs the Gateway API. */
export type MeshMode = 'sidecar' | 'ambient';

/** The `reporter` label of the Istio request metrics that count a request where it arrives. */
export type IstioReporter = 'destination' | 'waypoint';

/**
 * The proxy that reports a request to a service with Istio's request metrics: the callee's sidecar
 * (`destination`), or in ambient mode the waypoint in front of it; ztunnel reports TCP only.
 */
export const istioReporterFor = (mode: MeshMode): IstioReporter => (mode === 'ambient' ? 'waypoint' : 'destination');
