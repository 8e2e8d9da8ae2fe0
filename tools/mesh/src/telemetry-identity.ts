import { namespaceOf, serviceNameOf } from './host-names';
import { type Workload } from './workload';

/**
 * The caller of a request as Istio's telemetry names it. Locally a listener stands for its
 * caller: the ingress gateway, a configured workload, or `unknown` (a client outside the mesh).
 */
export interface SourceIdentity {
  readonly workload: string;
  readonly namespace: string;
  readonly app: string;
  readonly version: string;
}

/** The callee of a request as Istio's telemetry names it. */
export interface DestinationIdentity {
  readonly workload: string;
  readonly namespace: string;
  readonly app: string;
  readonly version: string;
  /**
   * The workload's `track` label (stable, canary, blue, green), `unknown` without one. Not one of
   * Istio's standard labels: k8s/observability/istio-telemetry.yaml adds it on a cluster, so
   * dashboards can split by track there and here alike.
   */
  readonly track: string;
  readonly serviceFqdn: string;
  readonly serviceName: string;
  readonly serviceNamespace: string;
}

export const UNKNOWN_SOURCE: SourceIdentity = Object.freeze({ workload: 'unknown', namespace: 'unknown', app: 'unknown', version: 'unknown' });

const workloadIdentities = new WeakMap<Workload, DestinationIdentity>();
const serviceIdentities = new Map<string, DestinationIdentity>();

/** The identity of a workload that answered (or was tried); one object per workload, reused. */
export function destinationOfWorkload(workload: Workload): DestinationIdentity {
  let identity = workloadIdentities.get(workload);
  if (!identity) {
    identity = Object.freeze({
      workload: workload.name,
      namespace: workload.namespace,
      app: workload.app,
      version: workload.version,
      track: workload.labels.track ?? 'unknown',
      serviceFqdn: workload.serviceFqdn,
      serviceName: workload.service,
      serviceNamespace: workload.namespace,
    });
    workloadIdentities.set(workload, identity);
  }
  return identity;
}

/** The identity of a service when no workload was reached (no route, no healthy upstream, a fault abort). */
export function destinationOfService(serviceFqdn: string, version = 'unknown'): DestinationIdentity {
  const key = `${serviceFqdn}|${version}`;
  let identity = serviceIdentities.get(key);
  if (!identity) {
    const namespace = namespaceOf(serviceFqdn) ?? 'unknown';
    identity = Object.freeze({
      workload: 'unknown',
      namespace: 'unknown',
      app: 'unknown',
      version,
      track: 'unknown',
      serviceFqdn,
      serviceName: serviceNameOf(serviceFqdn),
      serviceNamespace: namespace,
    });
    serviceIdentities.set(key, identity);
  }
  return identity;
}
