/**
 * The part of the Kubernetes Gateway API (gateway.networking.k8s.io, v1 standard channel) that the
 * local mesh reads: HTTPRoute, attached to a Service (mesh traffic, GAMMA) or to a Gateway (the
 * ingress), and the Services its backendRefs name, whose selectors pick the workloads. Field names
 * and meanings follow the Gateway API reference.
 */

export const GATEWAY_API_VERSIONS = ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'] as const;

export interface ParentReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  sectionName?: string;
}

export interface HTTPPathMatch {
  type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
  value?: string;
}

/** A header or query parameter condition. */
export interface HTTPValueMatch {
  type?: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface HTTPRouteMatch {
  path?: HTTPPathMatch;
  headers?: HTTPValueMatch[];
  queryParams?: HTTPValueMatch[];
  method?: string;
}

export interface BackendObjectReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

export interface HTTPBackendRef extends BackendObjectReference {
  weight?: number;
  filters?: unknown[];
}

export interface HTTPHeaderModifier {
  set?: { name: string; value: string }[];
  add?: { name: string; value: string }[];
  remove?: string[];
}

export interface HTTPRouteFilter {
  type: string;
  requestMirror?: { backendRef: BackendObjectReference; percent?: number; fraction?: { numerator: number; denominator?: number } };
  requestHeaderModifier?: HTTPHeaderModifier;
  responseHeaderModifier?: HTTPHeaderModifier;
  [other: string]: unknown;
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: HTTPBackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
}

export interface HTTPRouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: HTTPRouteRule[];
}

export interface GatewayHttpRoute {
  name: string;
  namespace: string;
  /** metadata.creationTimestamp: the oldest route wins a precedence tie (absent: rendered, not applied). */
  createdAt: string | undefined;
  spec: HTTPRouteSpec;
}

/** A core v1 Service, for the pods (selector) and the pod port (targetPort) a backendRef reaches. */
export interface ServiceSelector {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  ports: { port: number; targetPort: number | string }[];
}
