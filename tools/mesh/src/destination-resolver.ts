import { EndpointSet } from './endpoint-set';
import { hostPatternMatches, qualifyHost } from './host-names';
import { type Destination, type DestinationRule, type Subset } from './istio-objects';
import { NO_HEADER_CHANGES, type RouteDestination } from './route-destination';
import { type WorkloadRegistry } from './workload-registry';

/**
 * Turns a route's `destination` (host + subset) into the workloads that serve it, the way Istio
 * turns a DestinationRule subset into a cluster of the pods carrying the subset's labels.
 * Destinations are shared between rules so round-robin balancing spans the whole table.
 */
export class DestinationResolver {
  private readonly subsetsByHost = new Map<string, Map<string, Subset>>();
  private readonly cache = new Map<string, RouteDestination>();

  constructor(
    destinationRules: readonly DestinationRule[],
    private readonly registry: WorkloadRegistry,
    private readonly warnings: string[],
  ) {
    for (const rule of destinationRules) {
      const where = `DestinationRule ${rule.name}`;
      if (typeof rule.spec.host !== 'string' || rule.spec.host === '') throw new Error(`${where}: spec.host is required`);
      if (rule.spec.subsets !== undefined && !Array.isArray(rule.spec.subsets)) throw new Error(`${where}: spec.subsets must be a list`);
      const host = qualifyHost(rule.spec.host, rule.namespace);
      const subsets = this.subsetsByHost.get(host) ?? new Map<string, Subset>();
      for (const [index, subset] of (rule.spec.subsets ?? []).entries()) {
        if (typeof subset?.name !== 'string' || subset.name === '') throw new Error(`${where}: subsets[${index}].name is required`);
        if (subset.labels !== undefined && (typeof subset.labels !== 'object' || Array.isArray(subset.labels))) {
          throw new Error(`${where}: subsets[${index}].labels must be a map`);
        }
        if (subsets.has(subset.name)) this.warnings.push(`${where}: subset ${subset.name} of ${host} is defined more than once; the first definition is used`);
        else subsets.set(subset.name, subset);
      }
      this.subsetsByHost.set(host, subsets);
      // TLS settings mean nothing between local processes; the others change behaviour, so say so.
      const policies = Object.keys((rule.spec as { trafficPolicy?: object }).trafficPolicy ?? {}).filter((key) => key !== 'tls');
      if (policies.length > 0) this.warnings.push(`${where}: trafficPolicy ${policies.join(', ')} is not applied by the local mesh`);
    }
  }

  resolve(destination: Destination, namespace: string, where: string): RouteDestination {
    if (destination === null || typeof destination !== 'object' || typeof destination.host !== 'string' || destination.host === '') {
      throw new Error(`${where}: destination.host is required`);
    }
    const serviceFqdn = qualifyHost(destination.host, namespace);
    const subset = destination.subset === undefined || destination.subset === '' ? undefined : String(destination.subset);
    const key = `${serviceFqdn}|${subset ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    let endpoints: EndpointSet | undefined;
    let version: string | undefined;
    if (subset === undefined) {
      endpoints = new EndpointSet(this.registry.select(serviceFqdn));
      if (endpoints.size === 0) this.warnings.push(`${where}: no workload serves ${serviceFqdn}; requests to it get 503`);
    } else {
      const definition = this.findSubset(serviceFqdn, subset);
      if (!definition) {
        this.warnings.push(`${where}: subset "${subset}" of ${serviceFqdn} is defined by no DestinationRule; requests to it get 503`);
      } else {
        version = definition.labels?.version;
        endpoints = new EndpointSet(this.registry.select(serviceFqdn, definition.labels ?? {}));
        if (endpoints.size === 0) {
          this.warnings.push(`${where}: no workload of ${serviceFqdn} has the labels of subset "${subset}" (${JSON.stringify(definition.labels ?? {})}); requests to it get 503`);
        }
      }
    }
    if (version === undefined && endpoints && endpoints.size > 0) {
      const versions = new Set(endpoints.workloads.map((workload) => workload.version));
      if (versions.size === 1) version = [...versions][0];
    }
    const resolved: RouteDestination = { serviceFqdn, subset, version: version ?? 'unknown', endpoints, requestHeaders: NO_HEADER_CHANGES, responseHeaders: NO_HEADER_CHANGES };
    this.cache.set(key, resolved);
    return resolved;
  }

  /** All workloads of a service, for hosts no VirtualService routes (Istio's default route). */
  wholeService(serviceFqdn: string): RouteDestination {
    return this.resolve({ host: serviceFqdn }, 'default', `service ${serviceFqdn}`);
  }

  private findSubset(serviceFqdn: string, name: string): Subset | undefined {
    const exact = this.subsetsByHost.get(serviceFqdn)?.get(name);
    if (exact) return exact;
    for (const [host, subsets] of this.subsetsByHost) {
      if (host.startsWith('*') && hostPatternMatches(host, serviceFqdn) && subsets.has(name)) return subsets.get(name);
    }
    return undefined;
  }
}
