import { type HttpRouteRule } from './http-route-rule';
import { type RouteDestination } from './route-destination';
import { type RoutingTable } from './routing-table';

export interface DestinationDescription {
  host: string;
  subset: string | null;
  version: string;
  /** Share of the rule's traffic, 0–100. */
  weight: number;
  /** Names of the workloads it resolves to; empty means requests to it get 503. */
  workloads: string[];
}

export interface RuleDescription {
  rule: string;
  match: unknown;
  destinations: DestinationDescription[];
  mirrors: Array<DestinationDescription & { percent: number }>;
  timeoutMs: number;
  retries: { attempts: number; perTryTimeoutMs: number; retryOn: string[] } | null;
  fault: ReturnType<NonNullable<HttpRouteRule['fault']>['describe']> | null;
}

export interface RoutingDescription {
  version: number;
  loadedAt: string;
  warnings: readonly string[];
  /** Rendered objects that were not VirtualServices or DestinationRules. */
  ignoredObjects: number;
  virtualServices: Array<{ name: string; hosts: string[]; gateways: string[]; rules: RuleDescription[] }>;
  workloads: Array<{ name: string; service: string; namespace: string; labels: Record<string, string>; url: string }>;
}

/** The routing table in plain JSON, for GET /config and for the stack's routing summary. */
export function describeRouting(table: RoutingTable): RoutingDescription {
  return {
    version: table.version,
    loadedAt: table.loadedAt.toISOString(),
    warnings: table.warnings,
    ignoredObjects: table.ignoredObjects,
    virtualServices: table.virtualServices.map(({ hosts, gateways, virtualHost }) => ({
      name: virtualHost.source,
      hosts,
      gateways,
      rules: virtualHost.rules.map(describeRule),
    })),
    workloads: table.registry.all.map((workload) => ({
      name: workload.name,
      service: workload.service,
      namespace: workload.namespace,
      labels: { ...workload.labels },
      url: workload.origin,
    })),
  };
}

function describeRule(rule: HttpRouteRule): RuleDescription {
  const total = rule.destinations.totalWeight;
  return {
    rule: rule.label,
    match: rule.matchSpec,
    destinations: rule.destinations.choices.map(({ item, weight }) => describeDestination(item, total === 0 ? 0 : Math.round((weight / total) * 10000) / 100)),
    mirrors: rule.mirrors.map((mirror) => ({ ...describeDestination(mirror.destination, 0), percent: mirror.percent })),
    timeoutMs: rule.timeoutMs,
    retries: rule.retryPolicy
      ? { attempts: rule.retryPolicy.numRetries, perTryTimeoutMs: rule.retryPolicy.perTryTimeoutMs, retryOn: [...rule.retryPolicy.retryOn, ...[...rule.retryPolicy.retriableStatusCodes].map(String)] }
      : null,
    fault: rule.fault ? rule.fault.describe() : null,
  };
}

function describeDestination(destination: RouteDestination, weight: number): DestinationDescription {
  return {
    host: destination.serviceFqdn,
    subset: destination.subset ?? null,
    version: destination.version,
    weight,
    workloads: destination.endpoints ? destination.endpoints.workloads.map((workload) => workload.name) : [],
  };
}
