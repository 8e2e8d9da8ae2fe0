import { type KubeObject } from './kube-object';

/** One HTTP route of a VirtualService, reduced to what a rollout decides. */
export interface RouteSummary {
  readonly name: string;
  /** `always`, or `<header>=<exact value>` for header matches. */
  readonly when: string;
  /** Subset -> weight. */
  readonly to: Readonly<Record<string, number>>;
  readonly mirror?: { readonly subset: string; readonly percent: number };
}

interface HttpRoute {
  name?: string;
  match?: { uri?: Record<string, string>; headers?: Record<string, { exact?: string; prefix?: string; regex?: string }> }[];
  route?: { destination: { host: string; subset?: string }; weight?: number }[];
  mirror?: { host: string; subset?: string };
  mirrorPercentage?: { value: number };
}

export function httpRoutes(virtualService: KubeObject): HttpRoute[] {
  return ((virtualService.spec ?? {}).http ?? []) as HttpRoute[];
}

/** The header conditions of a route; `ignorePaths` leaves out `uri`, as the public ingress adds it to every match. */
function describeMatch(route: HttpRoute, ignorePaths: boolean): string {
  if (!route.match) return 'always';
  const described = route.match.map((match) => {
    const headers = Object.entries(match.headers ?? {}).map(([header, value]) => `${header}=${value.exact ?? value.prefix ?? value.regex}`);
    return [...(ignorePaths || !match.uri ? [] : [`uri=${JSON.stringify(match.uri)}`]), ...headers].join('&');
  });
  const distinct = [...new Set(described)];
  return distinct.length === 1 && distinct[0] === '' ? 'always' : distinct.join('|');
}

export function routeTable(virtualService: KubeObject, options: { ignorePaths?: boolean } = {}): RouteSummary[] {
  return httpRoutes(virtualService).map((route) => ({
    name: route.name ?? '(unnamed)',
    when: describeMatch(route, options.ignorePaths ?? false),
    to: Object.fromEntries((route.route ?? []).map((destination) => [destination.destination.subset ?? '(no subset)', destination.weight ?? 100])),
    ...(route.mirror ? { mirror: { subset: route.mirror.subset ?? '(no subset)', percent: route.mirrorPercentage?.value ?? 100 } } : {}),
  }));
}

interface GatewayApiRule {
  name?: string;
  matches?: { path?: { type: string; value: string }; headers?: { type?: string; name: string; value: string }[] }[];
  backendRefs?: { name: string; weight?: number }[];
  filters?: { type: string; requestMirror?: { backendRef: { name: string }; percent?: number } }[];
}

/**
 * The same summary for an HTTPRoute, in the VirtualService's terms: a backend Service
 * `<service>-<track>` is the subset `<track>`, a PathPrefix/Exact path the `uri` prefix/exact, so
 * that the two APIs' routes compare with toEqual.
 */
export function httpRouteTable(httpRoute: KubeObject, service: string, options: { ignorePaths?: boolean } = {}): RouteSummary[] {
  const track = (backend: string) => (backend.startsWith(`${service}-`) ? backend.slice(service.length + 1) : '(no subset)');
  const rules = ((httpRoute.spec ?? {}).rules ?? []) as GatewayApiRule[];
  return rules.map((rule) => {
    const mirror = rule.filters?.find((filter) => filter.type === 'RequestMirror')?.requestMirror;
    const asVirtualServiceRoute: HttpRoute = {
      match: rule.matches?.map((match) => ({
        ...(match.path ? { uri: { [match.path.type === 'Exact' ? 'exact' : 'prefix']: match.path.value } } : {}),
        ...(match.headers ? { headers: Object.fromEntries(match.headers.map((header) => [header.name, { exact: header.value }])) } : {}),
      })),
    };
    return {
      name: rule.name ?? '(unnamed)',
      when: describeMatch(asVirtualServiceRoute, options.ignorePaths ?? false),
      to: Object.fromEntries((rule.backendRefs ?? []).map((backend) => [track(backend.name), backend.weight ?? 1])),
      ...(mirror ? { mirror: { subset: track(mirror.backendRef.name), percent: mirror.percent ?? 100 } } : {}),
    };
  });
}
