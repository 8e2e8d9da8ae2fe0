/**
 * The part of Istio's networking API (networking.istio.io v1, v1beta1 and v1alpha3 share this
 * shape) that the local mesh reads. Field names and meanings follow Istio's reference for
 * VirtualService and DestinationRule; anything not listed here is reported as unsupported.
 */

export const ISTIO_NETWORKING_API_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] as const;

export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  spec?: unknown;
  [key: string]: unknown;
}

/** One of `exact`, `prefix` or `regex`; an empty object only checks presence (headers, query params). */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HTTPMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  port?: number;
  gateways?: string[];
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
}

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

export interface HeaderManipulation {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

export interface HTTPRouteDestination {
  destination: Destination;
  weight?: number;
  headers?: HeaderManipulation;
}

export interface Percent {
  value?: number;
}

export interface HTTPFaultInjection {
  delay?: { fixedDelay?: string; percentage?: Percent; percent?: number; exponentialDelay?: string };
  abort?: { httpStatus?: number; percentage?: Percent; grpcStatus?: string; http2Error?: string };
}

export interface HTTPRetry {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
  retryRemoteLocalities?: boolean;
}

export interface HTTPRewrite {
  uri?: string;
  authority?: string;
}

export interface HTTPDirectResponse {
  status: number;
  body?: { string?: string; bytes?: string };
}

export interface HTTPMirrorPolicy {
  destination: Destination;
  percentage?: Percent;
}

export interface HTTPRoute {
  name?: string;
  match?: HTTPMatchRequest[];
  route?: HTTPRouteDestination[];
  directResponse?: HTTPDirectResponse;
  rewrite?: HTTPRewrite;
  timeout?: string;
  retries?: HTTPRetry;
  fault?: HTTPFaultInjection;
  mirror?: Destination;
  mirrorPercentage?: Percent;
  /** Deprecated integer form of mirrorPercentage. */
  mirrorPercent?: number;
  mirrors?: HTTPMirrorPolicy[];
  headers?: HeaderManipulation;
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HTTPRoute[];
  exportTo?: string[];
}

export interface Subset {
  name: string;
  labels?: Record<string, string>;
}

export interface DestinationRuleSpec {
  host: string;
  subsets?: Subset[];
}

export interface VirtualService {
  name: string;
  namespace: string;
  spec: VirtualServiceSpec;
}

export interface DestinationRule {
  name: string;
  namespace: string;
  spec: DestinationRuleSpec;
}
