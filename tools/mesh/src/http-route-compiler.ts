import { parseDuration } from './duration';
import { EndpointSet } from './endpoint-set';
import { compareMatchPrecedence, compileGatewayApiMatch, MATCH_ALL_PATHS, type MatchPrecedence } from './gateway-api-match';
import { type BackendObjectReference, type GatewayHttpRoute, type HTTPHeaderModifier, type HTTPRouteRule as GatewayRouteRule, type ServiceSelector } from './gateway-api-objects';
import { MESH_GATEWAY } from './gateway-names';
import { HeaderMutation } from './header-operations';
import { qualifyHost } from './host-names';
import { type HttpRouteRule, type MirrorTarget } from './http-route-rule';
import { type RandomSource } from './random-source';
import { ISTIO_DEFAULT_RETRY_POLICY } from './retry-policy';
import { NO_HEADER_CHANGES, type RouteDestination } from './route-destination';
import { type CompiledVirtualService } from './virtual-service-compiler';
import { WeightedPicker } from './weighted-picker';
import { type WorkloadRegistry } from './workload-registry';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const APPLIED_RULE_FIELDS = new Set(['name', 'matches', 'filters', 'backendRefs', 'timeouts']);
const APPLIED_FILTERS = new Set(['RequestMirror', 'RequestHeaderModifier', 'ResponseHeaderModifier']);

/** One match of one rule of one route, with what it ranks by. */
interface RankedMatch {
  precedence: MatchPrecedence;
  route: GatewayHttpRoute;
  ruleIndex: number;
  rule: HttpRouteRule;
}

/**
 * Compiles Gateway API HTTPRoutes into the mesh's virtual hosts, as Istio programs them: a route
 * whose parent is a Service governs requests sent to that service from inside the mesh (GAMMA); one
 * whose parent is a Gateway, requests arriving at that gateway. The rules of every route attached
 * to the same parent are merged into one list ordered by the Gateway API's precedence (the most
 * specific match first; then the oldest route, then `namespace/name`, then rule order), so that
 * the first matching rule the router finds is the one the Gateway API says wins.
 *
 * What the Gateway API leaves to the implementation follows Istio: no retry field in the standard
 * channel, so Istio's default retry policy applies; the backends are Services, whose selectors pick
 * the workloads.
 */
export function compileHttpRoutes(
  routes: readonly GatewayHttpRoute[],
  services: readonly ServiceSelector[],
  registry: WorkloadRegistry,
  random: RandomSource,
  problems: string[],
  warnings: string[],
): CompiledVirtualService[] {
  const backends = new BackendResolver(services, registry, warnings);
  const parents = new Map<string, { hosts: string[]; gateway: string; serviceFqdn: string; matches: RankedMatch[] }>();
  for (const route of routes) {
    const where = `HTTPRoute ${route.namespace}/${route.name}`;
    const ranked: Omit<RankedMatch, 'route'>[] = [];
    (route.spec.rules ?? []).forEach((rule, ruleIndex) => {
      const label = rule?.name ? `${where} rules[${ruleIndex}] "${rule.name}"` : `${where} rules[${ruleIndex}]`;
      try {
        const actions = compileRuleActions(rule, label, route.namespace, backends, random, warnings);
        const explicit = Boolean(rule.matches?.length);
        for (const [matchIndex, spec] of (explicit ? rule.matches! : [MATCH_ALL_PATHS]).entries()) {
          const matchLabel = explicit ? `${label}.matches[${matchIndex}]` : label;
          const { match, precedence } = compileGatewayApiMatch(spec, matchLabel);
          ranked.push({ precedence, ruleIndex, rule: { ...actions, label: matchLabel, match, matchSpec: spec } });
        }
      } catch (error) {
        problems.push((error as Error).message);
      }
    });
    for (const [index, parent] of (route.spec.parentRefs ?? []).entries()) {
      const key = parentKey(parent, route.namespace, route.spec.hostnames, `${where}.parentRefs[${index}]`, warnings);
      if (!key) continue;
      const entry = parents.get(key.id) ?? { ...key, matches: [] };
      entry.matches.push(...ranked.map((match) => ({ ...match, route })));
      parents.set(key.id, entry);
    }
  }
  return [...parents.values()].map(({ hosts, gateway, serviceFqdn, matches }) => {
    const ordered = [...matches].sort((a, b) => compareMatchPrecedence(a.precedence, b.precedence) || compareRoutes(a.route, b.route) || a.ruleIndex - b.ruleIndex);
    const sources = [...new Set(ordered.map(({ route }) => `${route.namespace}/${route.name}`))];
    return { hosts, gateways: [gateway], virtualHost: { source: sources.join(', '), serviceFqdn, rules: ordered.map(({ rule }) => rule) } };
  });
}

/** Ties between routes: the oldest first (by creationTimestamp), then by `namespace/name`. */
function compareRoutes(a: GatewayHttpRoute, b: GatewayHttpRoute): number {
  if (a.createdAt && b.createdAt && a.createdAt !== b.createdAt) return Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
}

function parentKey(parent: { group?: string; kind?: string; name: string; namespace?: string }, namespace: string, hostnames: string[] | undefined, where: string, warnings: string[]) {
  const kind = parent?.kind ?? 'Gateway';
  const group = parent?.group ?? GATEWAY_API_GROUP;
  const parentNamespace = parent?.namespace ?? namespace;
  if (kind === 'Service' && (group === '' || group === 'core')) {
    const serviceFqdn = qualifyHost(parent.name, parentNamespace);
    return { id: `mesh ${serviceFqdn}`, hosts: [serviceFqdn], gateway: MESH_GATEWAY, serviceFqdn };
  }
  if (kind === 'Gateway' && group === GATEWAY_API_GROUP) {
    const gateway = `${parentNamespace}/${parent.name}`;
    const hosts = hostnames && hostnames.length > 0 ? hostnames.map((host) => host.toLowerCase()) : ['*'];
    return { id: `gateway ${gateway} ${hosts.join(',')}`, hosts, gateway, serviceFqdn: hosts[0] };
  }
  warnings.push(`${where}: a parent of kind ${group}/${kind} is not applied by the local mesh`);
  return undefined;
}

/** Everything a rule does once it matched: where it sends the request and how. */
function compileRuleActions(rule: GatewayRouteRule, label: string, namespace: string, backends: BackendResolver, random: RandomSource, warnings: string[]): Omit<HttpRouteRule, 'label' | 'match' | 'matchSpec'> {
  if (rule === null || typeof rule !== 'object') throw new Error(`${label}: expected an object`);
  const ignored = Object.keys(rule).filter((field) => !APPLIED_RULE_FIELDS.has(field));
  if (ignored.length > 0) warnings.push(`${label}: ${ignored.join(', ')} ignored by the local mesh`);
  const filters = rule.filters ?? [];
  const refused = filters.filter((filter) => !APPLIED_FILTERS.has(filter?.type)).map((filter) => String(filter?.type));
  if (refused.length > 0) throw new Error(`${label}.filters: ${refused.join(', ')} is not supported by the local mesh`);

  const weighted = (rule.backendRefs ?? []).map((ref, index) => {
    const where = `${label}.backendRefs[${index}]`;
    if (ref.weight !== undefined && (!Number.isInteger(ref.weight) || ref.weight < 0)) throw new Error(`${where}.weight: expected a whole number ≥ 0`);
    if (ref.filters?.length) warnings.push(`${where}.filters: per-backend filters are not applied by the local mesh`);
    return { item: backends.resolve(ref, namespace, where), weight: ref.weight ?? 1 };
  });
  // No backend, or every weight 0: the Gateway API answers 500.
  const unroutable = weighted.every((entry) => entry.weight === 0);
  if (rule.timeouts?.backendRequest !== undefined) warnings.push(`${label}.timeouts.backendRequest is not applied by the local mesh`);
  const headers = (type: 'RequestHeaderModifier' | 'ResponseHeaderModifier', field: 'requestHeaderModifier' | 'responseHeaderModifier') => {
    const modifiers = filters.filter((filter) => filter.type === type).map((filter) => filter[field] as HTTPHeaderModifier | undefined);
    return modifiers.length === 0 ? HeaderMutation.NONE : new HeaderMutation(asHeaderOperations(modifiers), `${label}.filters ${type}`);
  };
  return {
    destinations: new WeightedPicker<RouteDestination>(weighted, random),
    directResponse: unroutable ? { status: 500, body: Buffer.alloc(0) } : undefined,
    rewrite: undefined,
    timeoutMs: parseDuration(rule.timeouts?.request, `${label}.timeouts.request`) ?? 0,
    retryPolicy: ISTIO_DEFAULT_RETRY_POLICY,
    fault: undefined,
    mirrors: filters.filter((filter) => filter.type === 'RequestMirror').map((filter, index): MirrorTarget => {
      const mirror = filter.requestMirror;
      const where = `${label}.filters[RequestMirror ${index}]`;
      if (!mirror?.backendRef) throw new Error(`${where}: requestMirror.backendRef is required`);
      const percent = mirror.percent ?? (mirror.fraction ? (100 * mirror.fraction.numerator) / (mirror.fraction.denominator ?? 100) : 100);
      return { destination: backends.resolve(mirror.backendRef, namespace, where), percent };
    }),
    requestHeaders: headers('RequestHeaderModifier', 'requestHeaderModifier'),
    responseHeaders: headers('ResponseHeaderModifier', 'responseHeaderModifier'),
  };
}

/** Gateway API header modifiers (lists of name/value) in the Istio form HeaderMutation applies. */
function asHeaderOperations(modifiers: (HTTPHeaderModifier | undefined)[]) {
  const pairs = (list: { name: string; value: string }[] | undefined) => Object.fromEntries((list ?? []).map(({ name, value }) => [name.toLowerCase(), value]));
  return {
    set: Object.assign({}, ...modifiers.map((modifier) => pairs(modifier?.set))),
    add: Object.assign({}, ...modifiers.map((modifier) => pairs(modifier?.add))),
    remove: modifiers.flatMap((modifier) => modifier?.remove ?? []),
  };
}

/**
 * A backendRef names a Service and a port; as in Kubernetes, the Service's selector picks the pods
 * and its targetPort the port on them. A local workload is one port of a pod (the mesh config lists
 * `web` and `web-streams` separately), so the backend reaches the workloads of the services whose
 * Service has the same targetPort, that carry the backend's selector labels: `web-stable` (selector
 * app=web, track=stable, targetPort http) reaches web's stable pods on `http`, never their streams
 * port. Destinations are shared between rules so round-robin spans the whole table. Telemetry names
 * the workloads' own service (`delivery` behind `delivery-canary`), as the callee's sidecar reports it.
 */
class BackendResolver {
  private readonly cache = new Map<string, RouteDestination>();

  constructor(
    private readonly services: readonly ServiceSelector[],
    private readonly registry: WorkloadRegistry,
    private readonly warnings: string[],
  ) {}

  /** The workloads a Service's port reaches; see the class comment. */
  private workloadsOf(service: ServiceSelector, port: number | undefined) {
    const targetPort = (service.ports.find((entry) => entry.port === port) ?? service.ports[0])?.targetPort;
    const ownFqdn = qualifyHost(service.name, service.namespace);
    const servingServices = this.registry.hasService(ownFqdn)
      ? [ownFqdn]
      : this.services
        .filter((other) => other.namespace === service.namespace && other.ports.some((entry) => entry.targetPort === targetPort))
        .map((other) => qualifyHost(other.name, other.namespace))
        .filter((fqdn) => this.registry.hasService(fqdn));
    return servingServices.flatMap((fqdn) => this.registry.select(fqdn, service.selector));
  }

  resolve(ref: BackendObjectReference, namespace: string, where: string): RouteDestination {
    if (typeof ref?.name !== 'string' || ref.name === '') throw new Error(`${where}: name is required`);
    const refNamespace = ref.namespace ?? namespace;
    const key = `${refNamespace}/${ref.name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const fqdn = qualifyHost(ref.name, refNamespace);
    let endpoints: EndpointSet | undefined;
    if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') {
      this.warnings.push(`${where}: a backend of kind ${ref.group ?? ''}/${ref.kind} is not applied by the local mesh; requests to it get 503`);
    } else {
      const service = this.services.find((candidate) => candidate.name === ref.name && candidate.namespace === refNamespace);
      const workloads = service ? this.workloadsOf(service, ref.port) : this.registry.select(fqdn);
      if (!service && workloads.length === 0) this.warnings.push(`${where}: no Service ${key} among the objects and no workload serves ${fqdn}; requests to it get 503`);
      else if (workloads.length === 0) this.warnings.push(`${where}: no workload has the labels of Service ${key} (${JSON.stringify(service?.selector)}); requests to it get 503`);
      endpoints = new EndpointSet(workloads);
    }
    const versions = new Set(endpoints?.workloads.map((workload) => workload.version));
    const services = new Set(endpoints?.workloads.map((workload) => workload.serviceFqdn));
    const resolved: RouteDestination = {
      serviceFqdn: services.size === 1 ? [...services][0] : fqdn,
      subset: undefined,
      version: versions.size === 1 ? [...versions][0] : 'unknown',
      endpoints,
      requestHeaders: NO_HEADER_CHANGES,
      responseHeaders: NO_HEADER_CHANGES,
    };
    this.cache.set(key, resolved);
    return resolved;
  }
}
