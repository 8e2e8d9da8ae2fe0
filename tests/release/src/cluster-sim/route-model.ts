import { compareMatchPrecedence, compileGatewayApiMatch, MATCH_ALL_PATHS, RequestFacts, type MatchPrecedence } from '@courier/mesh';
import type { KubeObject } from '../../../charts/src/kube-object';
import { httpRoutes } from '../../../charts/src/route-table';
import { type ClusterState, objectKey } from './cluster-state';

/**
 * Both routing APIs the charts render (`routing.api`), read into one model so that the invariants,
 * the ingress gateway, probes and Prometheus ask one question whichever API a release uses:
 *
 * - Istio: a VirtualService's `http` routes, in order; a destination is a host and a
 *   DestinationRule subset.
 * - Gateway API: the HTTPRoute rules attached to one parent (a Service for mesh traffic, GAMMA; a
 *   Gateway for the ingress), ordered by the Gateway API's precedence with the local mesh's own
 *   ranking (`compareMatchPrecedence`); a destination is a backend Service, whose selector picks
 *   the pods, and no subset.
 */

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** Where a route sends requests: a Service, narrowed by a DestinationRule subset when there is one. */
export interface Backend {
  readonly namespace: string;
  readonly host: string;
  /** Empty for a Gateway API backend: the Service's selector alone picks the pods. */
  readonly subset: string;
}

/** One route (VirtualService) or one match of one rule (HTTPRoute), as a router would try it. */
export interface SimRoute {
  /** `VirtualService courier/delivery`, `HTTPRoute courier/delivery`. */
  readonly source: string;
  /** The object's key in the cluster state, to tell whether it existed in an earlier state. */
  readonly objectKey: string;
  readonly namespace: string;
  readonly name: string;
  /** True when only requests carrying certain headers take it (A/B, the blue/green preview). */
  readonly byHeader: boolean;
  /** The header names it requires, lower case. */
  readonly headerNames: readonly string[];
  readonly matches: (path: string, headers: Readonly<Record<string, string>>) => boolean;
  readonly destinations: readonly { readonly backend: Backend; readonly weight: number }[];
  readonly mirror?: { readonly backend: Backend; readonly percent: number };
}

const isIstio = (object: KubeObject) => object.apiVersion.startsWith('networking.istio.io/');
const isGatewayApi = (object: KubeObject) => object.apiVersion.startsWith(`${GATEWAY_API_GROUP}/`);

/** `users`, `users.courier`, `users.courier.svc.cluster.local` -> the Service and its namespace. */
export function resolveHost(host: string, namespace: string): { name: string; namespace: string } {
  const [name, ns] = host.split('.');
  return { name, namespace: ns && ns !== 'svc' ? ns : namespace };
}

const hostMatches = (pattern: string, host: string) => pattern === '*' || pattern === host || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)));

// ---- Istio: VirtualService ----

const virtualServices = (state: ClusterState) => Object.values(state.objects).filter((object) => object.kind === 'VirtualService');

/** Bound to the mesh (sidecars route with it) when it names no gateway, or names `mesh`. */
const boundToMesh = (vs: KubeObject) => {
  const gateways = (vs.spec?.gateways ?? []) as string[];
  return gateways.length === 0 || gateways.includes('mesh');
};

type VsRoute = ReturnType<typeof httpRoutes>[number];
type VsMatch = NonNullable<VsRoute['match']>[number];

function vsMatches(match: VsMatch, path: string, headers: Readonly<Record<string, string>>): boolean {
  const uri = match.uri;
  if (uri?.exact !== undefined && path !== uri.exact) return false;
  if (uri?.prefix !== undefined && !path.startsWith(uri.prefix)) return false;
  if (uri && uri.exact === undefined && uri.prefix === undefined) throw new Error(`the cluster simulator matches uri by exact or prefix only (got ${JSON.stringify(uri)})`);
  return Object.entries(match.headers ?? {}).every(([name, rule]) => {
    const value = headers[name.toLowerCase()];
    if (value === undefined) return false;
    if (rule.exact !== undefined) return value === rule.exact;
    if (rule.prefix !== undefined) return value.startsWith(rule.prefix);
    if (rule.regex !== undefined) return new RegExp(`^(?:${rule.regex})$`).test(value);
    return true;
  });
}

function virtualServiceRoutes(vs: KubeObject): SimRoute[] {
  const namespace = vs.metadata.namespace ?? '';
  const backend = (destination: { host: string; subset?: string }): Backend => ({ namespace, host: destination.host, subset: destination.subset ?? '' });
  return httpRoutes(vs).map((route, index) => {
    const headerNames = [...new Set((route.match ?? []).flatMap((match) => Object.keys(match.headers ?? {}).map((name) => name.toLowerCase())))];
    return {
      source: `VirtualService ${namespace}/${vs.metadata.name}`,
      objectKey: objectKey(namespace, 'VirtualService', vs.metadata.name),
      namespace,
      name: route.name ?? `http[${index}]`,
      byHeader: headerNames.length > 0,
      headerNames,
      matches: (path, headers) => !route.match || route.match.some((match) => vsMatches(match, path, headers)),
      destinations: (route.route ?? []).map((destination) => ({ backend: backend(destination.destination), weight: destination.weight ?? 100 })),
      mirror: route.mirror ? { backend: backend(route.mirror), percent: route.mirrorPercentage?.value ?? 100 } : undefined,
    };
  });
}

// ---- Gateway API: HTTPRoute ----

interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}
interface BackendRef {
  name: string;
  namespace?: string;
  weight?: number;
}
interface HttpRouteRule {
  name?: string;
  matches?: Parameters<typeof compileGatewayApiMatch>[0][];
  backendRefs?: BackendRef[];
  filters?: { type: string; requestMirror?: { backendRef: BackendRef; percent?: number } }[];
}

const httpRouteObjects = (state: ClusterState) => Object.values(state.objects).filter((object) => object.kind === 'HTTPRoute' && isGatewayApi(object));
const parentRefs = (route: KubeObject) => (route.spec?.parentRefs ?? []) as ParentRef[];

/** Every match of every rule of these HTTPRoutes, in the order the Gateway API ranks them on one parent. */
function rankedRules(routes: readonly KubeObject[]): SimRoute[] {
  const ranked: { route: SimRoute; precedence: MatchPrecedence; order: string; ruleIndex: number }[] = [];
  for (const object of routes) {
    const namespace = object.metadata.namespace ?? '';
    const backend = (ref: BackendRef): Backend => ({ namespace: ref.namespace ?? namespace, host: ref.name, subset: '' });
    ((object.spec?.rules ?? []) as HttpRouteRule[]).forEach((rule, ruleIndex) => {
      const mirror = (rule.filters ?? []).find((filter) => filter.type === 'RequestMirror')?.requestMirror;
      for (const spec of rule.matches?.length ? rule.matches : [MATCH_ALL_PATHS]) {
        const { match, precedence } = compileGatewayApiMatch(spec, `HTTPRoute ${namespace}/${object.metadata.name} rules[${ruleIndex}]`);
        const headerNames = (spec.headers ?? []).map((header) => header.name.toLowerCase());
        ranked.push({
          precedence,
          order: `${namespace}/${object.metadata.name}`,
          ruleIndex,
          route: {
            source: `HTTPRoute ${namespace}/${object.metadata.name}`,
            objectKey: objectKey(namespace, 'HTTPRoute', object.metadata.name),
            namespace,
            name: rule.name ?? `rules[${ruleIndex}]`,
            byHeader: headerNames.length > 0,
            headerNames,
            matches: (path, headers) => match.firstMatching(RequestFacts.fromUrl(path, 'GET', '', headers, { port: 80, gateway: 'mesh' })) === 0,
            destinations: (rule.backendRefs ?? []).map((ref) => ({ backend: backend(ref), weight: ref.weight ?? 1 })),
            mirror: mirror ? { backend: backend(mirror.backendRef), percent: mirror.percent ?? 100 } : undefined,
          },
        });
      }
    });
  }
  // The cluster simulator keeps no creation times: ties go to namespace/name, then rule order.
  return ranked.sort((a, b) => compareMatchPrecedence(a.precedence, b.precedence) || a.order.localeCompare(b.order) || a.ruleIndex - b.ruleIndex).map(({ route }) => route);
}

/** Is this parentRef the Service `name` in `namespace` (mesh traffic, GAMMA)? */
const refersToService = (ref: ParentRef, routeNamespace: string, namespace: string, name: string) =>
  (ref.kind ?? 'Gateway') === 'Service' && (ref.group ?? '') === '' && ref.name === name && (ref.namespace ?? routeNamespace) === namespace;

/** Is this parentRef the Gateway API Gateway `namespace/name`? */
const refersToGateway = (ref: ParentRef, routeNamespace: string, namespace: string, name: string) =>
  (ref.kind ?? 'Gateway') === 'Gateway' && (ref.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP && ref.name === name && (ref.namespace ?? routeNamespace) === namespace;

// ---- the questions the simulator asks ----

/** Every route in the cluster, of both APIs (an HTTPRoute attached to two parents counts once). */
export function allRoutes(state: ClusterState): SimRoute[] {
  return [...virtualServices(state).flatMap(virtualServiceRoutes), ...httpRouteObjects(state).flatMap((route) => rankedRules([route]))];
}

/** The routes a sidecar applies to requests for `service` in `namespace`, in the order it tries them. */
export function meshRoutes(state: ClusterState, namespace: string, service: string): SimRoute[] {
  const vs = virtualServices(state).find(
    (candidate) => candidate.metadata.namespace === namespace && boundToMesh(candidate) && ((candidate.spec?.hosts ?? []) as string[]).some((host) => resolveHost(host, namespace).name === service),
  );
  if (vs) return virtualServiceRoutes(vs);
  return rankedRules(httpRouteObjects(state).filter((route) => parentRefs(route).some((ref) => refersToService(ref, route.metadata.namespace ?? '', namespace, service))));
}

/** The Gateway API Gateway a Service stands for: the one Istio deployed it for (`<gateway>-istio`). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * The routes an ingress gateway applies to a request for `host`.
 * - Istio's ingress gateway (`gateway` undefined): the VirtualServices bound to an Istio Gateway
 *   that exists (`<ns>/<name>`, or a name in the VirtualService's namespace) and listing the host;
 *   ties go to the first namespace in name order, so the answer does not depend on install order.
 * - A Gateway API Gateway (`namespace/name`): the HTTPRoutes attached to it whose hostnames match
 *   (none listed matches every host).
 */
export function ingressRoutes(state: ClusterState, host: string, gateway?: { namespace: string; name: string }): { routes: SimRoute[]; via: string } | undefined {
  const requestHost = host.replace(/:\d+$/, '');
  if (gateway) {
    const attached = httpRouteObjects(state).filter((route) => {
      const hostnames = (route.spec?.hostnames ?? []) as string[];
      return parentRefs(route).some((ref) => refersToGateway(ref, route.metadata.namespace ?? '', gateway.namespace, gateway.name)) && (hostnames.length === 0 || hostnames.some((pattern) => hostMatches(pattern, requestHost)));
    });
    return attached.length > 0 ? { routes: rankedRules(attached), via: `Gateway ${gateway.namespace}/${gateway.name}` } : undefined;
  }
  const vs = virtualServices(state)
    .filter((candidate) => {
      const namespace = candidate.metadata.namespace ?? '';
      const gateways = ((candidate.spec?.gateways ?? []) as string[]).filter((name) => name !== 'mesh');
      const bound = gateways.some((name) => {
        const [ns, gatewayName] = name.includes('/') ? name.split('/') : [namespace, name];
        const object = state.objects[objectKey(ns, 'Gateway', gatewayName)];
        return object !== undefined && isIstio(object);
      });
      return bound && ((candidate.spec?.hosts ?? []) as string[]).some((pattern) => hostMatches(pattern, requestHost));
    })
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? ''))[0];
  return vs ? { routes: virtualServiceRoutes(vs), via: `VirtualService ${vs.metadata.namespace}/${vs.metadata.name}` } : undefined;
}

/** The first route a request with this path and these headers (lower-case names) takes. */
export const selectRoute = (routes: readonly SimRoute[], headers: Readonly<Record<string, string>>, path: string) => routes.find((route) => route.matches(path, headers));
