import { CLUSTER_DOMAIN_SUFFIX } from './host-names';

/** How the mesh config describes one local process that serves a service (the stand-in for a pod). */
export interface WorkloadConfig {
  /** Shown as `destination_workload` in metrics; defaults to `<service>-<version label>`. */
  name?: string;
  /** The Kubernetes service it belongs to, as a short name (`delivery`). */
  service: string;
  /** Defaults to the mesh config's namespace. */
  namespace?: string;
  /** Pod labels: DestinationRule subsets select workloads by these, as Istio selects pods. */
  labels?: Record<string, string>;
  /** Where it listens, e.g. `http://127.0.0.1:3002`. */
  url: string;
}

/** A workload with everything the router and the metrics need precomputed. */
export class Workload {
  readonly name: string;
  readonly service: string;
  readonly namespace: string;
  readonly serviceFqdn: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `http://host:port`, the key of its connection pool. */
  readonly origin: string;
  /** The `version` label, `unknown` without one (as in Istio telemetry). */
  readonly version: string;
  /** The `app` label, falling back to the service name. */
  readonly app: string;

  constructor(config: WorkloadConfig, defaultNamespace: string) {
    this.service = config.service;
    this.namespace = config.namespace ?? defaultNamespace;
    this.serviceFqdn = `${this.service}.${this.namespace}.${CLUSTER_DOMAIN_SUFFIX}`;
    this.labels = { ...(config.labels ?? {}) };
    this.version = this.labels.version ?? 'unknown';
    this.app = this.labels.app ?? this.service;
    this.name = config.name ?? (this.labels.version ? `${this.service}-${this.labels.version}` : this.service);
    this.origin = new URL(config.url).origin;
  }

  /** Whether every label a subset asks for is on this workload (Istio's pod selection). */
  hasLabels(selector: Readonly<Record<string, string>>): boolean {
    for (const key in selector) if (this.labels[key] !== selector[key]) return false;
    return true;
  }
}
