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
  match?: { headers?: Record<string, { exact?: string; prefix?: string; regex?: string }> }[];
  route?: { destination: { host: string; subset?: string }; weight?: number }[];
  mirror?: { host: string; subset?: string };
  mirrorPercentage?: { value: number };
}

export function httpRoutes(virtualService: KubeObject): HttpRoute[] {
  return ((virtualService.spec ?? {}).http ?? []) as HttpRoute[];
}

function describeMatch(route: HttpRoute): string {
  if (!route.match) return 'always';
  return route.match
    .map((match) => Object.entries(match.headers ?? {}).map(([header, value]) => `${header}=${value.exact ?? value.prefix ?? value.regex}`).join('&'))
    .join('|');
}

export function routeTable(virtualService: KubeObject): RouteSummary[] {
  return httpRoutes(virtualService).map((route) => ({
    name: route.name ?? '(unnamed)',
    when: describeMatch(route),
    to: Object.fromEntries((route.route ?? []).map((destination) => [destination.destination.subset ?? '(no subset)', destination.weight ?? 100])),
    ...(route.mirror ? { mirror: { subset: route.mirror.subset ?? '(no subset)', percent: route.mirrorPercentage?.value ?? 100 } } : {}),
  }));
}
