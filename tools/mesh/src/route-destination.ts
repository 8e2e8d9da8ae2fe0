import { type EndpointSet } from './endpoint-set';
import { HeaderMutation } from './header-operations';

/** One place a routing rule may send a request: a service, or a subset of it. */
export interface RouteDestination {
  readonly serviceFqdn: string;
  readonly subset: string | undefined;
  /** The `version` label its workloads carry (from the subset's labels), or `unknown`. */
  readonly version: string;
  /**
   * The workloads that serve it. Undefined when the subset is defined by no DestinationRule:
   * Envoy then has no cluster for the route and answers 503 (response flag NC).
   */
  readonly endpoints: EndpointSet | undefined;
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
}

export function withHeaders(destination: RouteDestination, requestHeaders: HeaderMutation, responseHeaders: HeaderMutation): RouteDestination {
  if (requestHeaders.isEmpty && responseHeaders.isEmpty) return destination;
  return { ...destination, requestHeaders, responseHeaders };
}

export const NO_HEADER_CHANGES = HeaderMutation.NONE;
