import { DestinationResolver } from './destination-resolver';
import { MESH_GATEWAY } from './gateway-names';
import { hostPatternMatches } from './host-names';
import { compileHttpRoutes } from './http-route-compiler';
import { type VirtualHost } from './http-route-rule';
import { type KubernetesObject } from './istio-objects';
import { MeshConfigError } from './mesh-config-error';
import { selectRoutingObjects } from './object-loader';
import { defaultRandom, type RandomSource } from './random-source';
import { type CompiledVirtualService, compileVirtualService, defaultVirtualHost } from './virtual-service-compiler';
import { type WorkloadRegistry } from './workload-registry';

export interface RoutingTableOptions {
  /** Namespace for objects without metadata.namespace and for short host names. */
  namespace: string;
  random?: RandomSource;
  /** Counts reloads; shown in /config and the metrics. */
  version?: number;
}

/**
 * An immutable snapshot of all routing: built whole from the rendered objects and swapped in
 * atomically, so a request routes entirely by the table it started with even while a reload
 * happens.
 */
export class RoutingTable {
  readonly loadedAt = new Date();
  private readonly meshHosts = new Map<string, VirtualHost>();
  private readonly meshWildcards: Array<{ pattern: string; virtualHost: VirtualHost }> = [];
  private readonly gatewayBindings = new Map<string, Array<{ hosts: string[]; virtualHost: VirtualHost }>>();
  private readonly defaults = new Map<string, VirtualHost>();

  private constructor(
    readonly version: number,
    readonly registry: WorkloadRegistry,
    private readonly resolver: DestinationResolver,
    readonly virtualServices: readonly CompiledVirtualService[],
    readonly warnings: readonly string[],
    readonly ignoredObjects: number,
  ) {
    for (const compiled of virtualServices) {
      for (const gateway of compiled.gateways) {
        if (gateway !== MESH_GATEWAY) {
          const bindings = this.gatewayBindings.get(gateway) ?? [];
          bindings.push({ hosts: compiled.hosts, virtualHost: compiled.virtualHost });
          this.gatewayBindings.set(gateway, bindings);
          continue;
        }
        for (const host of compiled.hosts) {
          if (host.startsWith('*')) this.meshWildcards.push({ pattern: host, virtualHost: compiled.virtualHost });
          else if (!this.meshHosts.has(host)) this.meshHosts.set(host, compiled.virtualHost);
        }
      }
    }
  }

  /**
   * Builds a table or throws MeshConfigError listing every invalid field. Problems Istio would
   * accept but that cannot route (a subset no DestinationRule defines, a subset no workload
   * carries) are warnings: those requests get a 503, as they would in a cluster.
   */
  static build(objects: readonly KubernetesObject[], registry: WorkloadRegistry, options: RoutingTableOptions): RoutingTable {
    const problems: string[] = [];
    const warnings: string[] = [];
    const random = options.random ?? defaultRandom;
    const selected = selectRoutingObjects(objects, options.namespace);

    let resolver: DestinationResolver;
    try {
      resolver = new DestinationResolver(selected.destinationRules, registry, warnings);
    } catch (error) {
      throw new MeshConfigError([(error as Error).message]);
    }
    const compiled: CompiledVirtualService[] = [];
    for (const virtualService of selected.virtualServices) {
      const result = compileVirtualService(virtualService, resolver, random, problems, warnings);
      if (result) compiled.push(result);
    }
    // After the VirtualServices: where both route the same host, the VirtualService wins (below).
    compiled.push(...compileHttpRoutes(selected.httpRoutes, selected.services, registry, random, problems, warnings));
    if (problems.length > 0) throw new MeshConfigError(problems);

    const seen = new Map<string, string>();
    for (const { hosts, gateways, virtualHost } of compiled) {
      for (const gateway of gateways) {
        for (const host of hosts) {
          const key = `${gateway} ${host}`;
          const first = seen.get(key);
          if (first) warnings.push(`${virtualHost.source}: ${host} on ${gateway} is already routed by ${first}; the first one wins`);
          else seen.set(key, virtualHost.source);
        }
      }
    }
    return new RoutingTable(options.version ?? 1, registry, resolver, compiled, warnings, selected.ignored);
  }

  /** Routing for a request a sidecar sends to a service: its mesh-bound VirtualService, or the default route. */
  forService(serviceFqdn: string): VirtualHost {
    const exact = this.meshHosts.get(serviceFqdn);
    if (exact) return exact;
    for (const { pattern, virtualHost } of this.meshWildcards) {
      if (hostPatternMatches(pattern, serviceFqdn)) return virtualHost;
    }
    let fallback = this.defaults.get(serviceFqdn);
    if (!fallback) {
      fallback = defaultVirtualHost(serviceFqdn, this.resolver);
      this.defaults.set(serviceFqdn, fallback);
    }
    return fallback;
  }

  /**
   * Routing for a request arriving at an ingress gateway listener. Like Istio, the VirtualService
   * bound to the gateway whose hosts match the request's Host wins. Locally the Host is usually
   * `localhost:8080`, which no public host name matches, so the listener's own service is tried
   * next, then the gateway's only VirtualService. A gateway no VirtualService binds routes as
   * the listener's service (its mesh routing), so the stack works without gateway objects.
   * undefined means no route (404).
   */
  forGateway(gateway: string, requestHost: string, listenerServiceFqdn: string | undefined): VirtualHost | undefined {
    const bound = this.gatewayBindings.get(gateway);
    if (!bound) return listenerServiceFqdn ? this.forService(listenerServiceFqdn) : undefined;
    const byExactHost = bound.find((binding) => binding.hosts.includes(requestHost));
    if (byExactHost) return byExactHost.virtualHost;
    const byPattern = bound.find((binding) => binding.hosts.some((host) => hostPatternMatches(host, requestHost)));
    if (byPattern) return byPattern.virtualHost;
    if (listenerServiceFqdn) {
      const byService = bound.find((binding) => binding.hosts.includes(listenerServiceFqdn));
      if (byService) return byService.virtualHost;
    }
    const sources = new Set(bound.map((binding) => binding.virtualHost));
    return sources.size === 1 ? bound[0].virtualHost : undefined;
  }
}
