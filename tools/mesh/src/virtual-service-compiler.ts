import { type DestinationResolver } from './destination-resolver';
import { parseDuration } from './duration';
import { FaultInjector, percentOf } from './fault-injector';
import { MESH_GATEWAY, qualifyGateway } from './gateway-names';
import { HeaderMutation } from './header-operations';
import { type HttpRouteRule, type MirrorTarget, type VirtualHost } from './http-route-rule';
import { qualifyHost } from './host-names';
import { type HTTPRoute, type VirtualService } from './istio-objects';
import { type RandomSource } from './random-source';
import { ISTIO_DEFAULT_RETRY_POLICY, retryPolicyFrom } from './retry-policy';
import { type RouteDestination, withHeaders } from './route-destination';
import { compileMatchRequests } from './route-matcher';
import { WeightedPicker } from './weighted-picker';

const APPLIED_ROUTE_FIELDS = new Set([
  'name', 'match', 'route', 'directResponse', 'rewrite', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercentage', 'mirrorPercent', 'mirrors', 'headers',
]);
/** Fields that change where or whether a request goes: refusing them beats silently routing differently from Istio. */
const REFUSED_ROUTE_FIELDS = new Set(['redirect', 'delegate']);

export interface CompiledVirtualService {
  /** Qualified hosts (or wildcard patterns) it routes. */
  hosts: string[];
  /** Qualified gateways it is bound to; `mesh` when the VirtualService names none. */
  gateways: string[];
  virtualHost: VirtualHost;
}

/**
 * Compiles one VirtualService into an ordered rule list. Every problem is collected (not just
 * the first) so one reload reports everything wrong with a chart's output.
 */
export function compileVirtualService(
  virtualService: VirtualService,
  resolver: DestinationResolver,
  random: RandomSource,
  problems: string[],
  warnings: string[],
): CompiledVirtualService | undefined {
  const { name, namespace, spec } = virtualService;
  const where = `VirtualService ${namespace}/${name}`;
  if (!Array.isArray(spec.hosts) || spec.hosts.length === 0 || spec.hosts.some((host) => typeof host !== 'string' || host === '')) {
    problems.push(`${where}: spec.hosts must list at least one host`);
    return undefined;
  }
  if (spec.http !== undefined && !Array.isArray(spec.http)) {
    problems.push(`${where}: spec.http must be a list`);
    return undefined;
  }
  for (const section of ['tcp', 'tls'] as const) {
    if (section in spec) warnings.push(`${where}: spec.${section} routes are not applied by the local mesh (HTTP only)`);
  }
  const hosts = spec.hosts.map((host) => qualifyHost(host, namespace));
  const gateways = spec.gateways && spec.gateways.length > 0 ? spec.gateways.map((gateway) => qualifyGateway(gateway, namespace)) : [MESH_GATEWAY];

  const rules: HttpRouteRule[] = [];
  (spec.http ?? []).forEach((route, index) => {
    const label = route?.name ? `${where} http[${index}] "${route.name}"` : `${where} http[${index}]`;
    try {
      rules.push(compileRoute(route, label, namespace, resolver, random, warnings));
    } catch (error) {
      problems.push((error as Error).message);
    }
  });
  return { hosts, gateways, virtualHost: { source: `${namespace}/${name}`, serviceFqdn: hosts[0], rules } };
}

/** Istio's route for a service that no VirtualService covers: all its workloads, default retries. */
export function defaultVirtualHost(serviceFqdn: string, resolver: DestinationResolver): VirtualHost {
  const destination = resolver.wholeService(serviceFqdn);
  const rule: HttpRouteRule = {
    label: `default route to ${serviceFqdn}`,
    match: compileMatchRequests(undefined, 'default', 'default'),
    matchSpec: null,
    destinations: new WeightedPicker([{ item: destination, weight: 100 }]),
    directResponse: undefined,
    rewrite: undefined,
    timeoutMs: 0,
    retryPolicy: ISTIO_DEFAULT_RETRY_POLICY,
    fault: undefined,
    mirrors: [],
    requestHeaders: HeaderMutation.NONE,
    responseHeaders: HeaderMutation.NONE,
  };
  return { source: 'default', serviceFqdn, rules: [rule] };
}

function compileRoute(
  route: HTTPRoute,
  label: string,
  namespace: string,
  resolver: DestinationResolver,
  random: RandomSource,
  warnings: string[],
): HttpRouteRule {
  if (route === null || typeof route !== 'object') throw new Error(`${label}: expected an object`);
  const fields = Object.keys(route);
  const refused = fields.filter((field) => REFUSED_ROUTE_FIELDS.has(field));
  if (refused.length > 0) throw new Error(`${label}: ${refused.join(', ')} is not supported by the local mesh`);
  const ignored = fields.filter((field) => !APPLIED_ROUTE_FIELDS.has(field));
  if (ignored.length > 0) warnings.push(`${label}: ${ignored.join(', ')} ignored by the local mesh`);

  const match = compileMatchRequests(route.match, `${label}.match`, namespace);
  const directResponse = compileDirectResponse(route, label);
  if (!directResponse && (!Array.isArray(route.route) || route.route.length === 0)) {
    throw new Error(`${label}: needs route (one or more destinations) or directResponse`);
  }

  const weighted = (route.route ?? []).map((entry, index) => {
    const where = `${label}.route[${index}]`;
    if (entry === null || typeof entry !== 'object') throw new Error(`${where}: expected an object`);
    const resolved = resolver.resolve(entry.destination, namespace, where);
    const destination = withHeaders(
      resolved,
      new HeaderMutation(entry.headers?.request, `${where}.headers.request`),
      new HeaderMutation(entry.headers?.response, `${where}.headers.response`),
    );
    return { item: destination, weight: weightOf(entry.weight, (route.route ?? []).length, where) };
  });
  if (weighted.length > 1) {
    const total = weighted.reduce((sum, entry) => sum + entry.weight, 0);
    if (total === 0) throw new Error(`${label}: every destination has weight 0`);
    if (total !== 100) warnings.push(`${label}: weights add up to ${total}, not 100; traffic is split in proportion`);
  }

  const timeoutMs = parseDuration(route.timeout, `${label}.timeout`) ?? 0;
  return {
    label,
    match,
    matchSpec: route.match ?? null,
    destinations: new WeightedPicker<RouteDestination>(weighted, random),
    directResponse,
    rewrite: compileRewrite(route, label),
    timeoutMs,
    retryPolicy: retryPolicyFrom(route.retries, `${label}.retries`),
    fault: route.fault === undefined ? undefined : new FaultInjector(route.fault, `${label}.fault`, random),
    mirrors: compileMirrors(route, label, namespace, resolver),
    requestHeaders: new HeaderMutation(route.headers?.request, `${label}.headers.request`),
    responseHeaders: new HeaderMutation(route.headers?.response, `${label}.headers.response`),
  };
}

/** A rule's only destination takes all traffic whatever its weight; with several, a missing weight is 0. */
function weightOf(weight: unknown, count: number, where: string): number {
  if (weight !== undefined && weight !== null && (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0)) {
    throw new Error(`${where}.weight: expected a whole number ≥ 0`);
  }
  if (count === 1) return 100;
  return typeof weight === 'number' ? weight : 0;
}

function compileMirrors(route: HTTPRoute, label: string, namespace: string, resolver: DestinationResolver): MirrorTarget[] {
  const mirrors: MirrorTarget[] = [];
  if (route.mirror !== undefined) {
    const percent = route.mirrorPercentage !== undefined || route.mirrorPercent !== undefined
      ? percentOf(route.mirrorPercentage, route.mirrorPercent, `${label}.mirror`)
      : 100;
    mirrors.push({ destination: resolver.resolve(route.mirror, namespace, `${label}.mirror`), percent });
  }
  if (route.mirrors !== undefined) {
    if (!Array.isArray(route.mirrors)) throw new Error(`${label}.mirrors: expected a list`);
    route.mirrors.forEach((policy, index) => {
      const where = `${label}.mirrors[${index}]`;
      const percent = policy?.percentage !== undefined ? percentOf(policy.percentage, undefined, where) : 100;
      mirrors.push({ destination: resolver.resolve(policy?.destination, namespace, `${where}.destination`), percent });
    });
  }
  return mirrors;
}

function compileDirectResponse(route: HTTPRoute, label: string): HttpRouteRule['directResponse'] {
  const direct = route.directResponse;
  if (direct === undefined) return undefined;
  if (route.route !== undefined) throw new Error(`${label}: directResponse and route are mutually exclusive`);
  if (!Number.isInteger(direct.status) || direct.status < 200 || direct.status > 599) {
    throw new Error(`${label}.directResponse.status: expected an HTTP status between 200 and 599`);
  }
  const body = direct.body?.string !== undefined
    ? Buffer.from(direct.body.string)
    : direct.body?.bytes !== undefined
      ? Buffer.from(direct.body.bytes, 'base64')
      : Buffer.alloc(0);
  return { status: direct.status, body };
}

function compileRewrite(route: HTTPRoute, label: string): HttpRouteRule['rewrite'] {
  const rewrite = route.rewrite;
  if (rewrite === undefined) return undefined;
  const unknown = Object.keys(rewrite).filter((key) => key !== 'uri' && key !== 'authority');
  if (unknown.length > 0) throw new Error(`${label}.rewrite: ${unknown.join(', ')} is not supported by the local mesh`);
  return { uri: rewrite.uri, authority: rewrite.authority };
}
