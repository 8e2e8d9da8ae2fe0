import { type FaultInjector } from './fault-injector';
import { type HeaderMutation } from './header-operations';
import { type RetryPolicy } from './retry-policy';
import { type RouteDestination } from './route-destination';
import { type RouteMatch } from './route-matcher';
import { type WeightedPicker } from './weighted-picker';

export interface MirrorTarget {
  readonly destination: RouteDestination;
  /** 0–100: the share of requests copied (Istio's mirrorPercentage, 100 when unset). */
  readonly percent: number;
}

/** One compiled `http[]` entry of a VirtualService. */
export interface HttpRouteRule {
  /** `VirtualService/name http[i]` (or the rule's own name), for logs and /config. */
  readonly label: string;
  readonly match: RouteMatch;
  /** The `match` list as written, for /config. */
  readonly matchSpec: unknown;
  readonly destinations: WeightedPicker<RouteDestination>;
  readonly directResponse: { status: number; body: Buffer } | undefined;
  readonly rewrite: { uri?: string; authority?: string } | undefined;
  /** 0 means no route timeout (Istio's default). */
  readonly timeoutMs: number;
  /** null when retries are disabled (`attempts: 0`). */
  readonly retryPolicy: RetryPolicy | null;
  readonly fault: FaultInjector | undefined;
  readonly mirrors: readonly MirrorTarget[];
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
}

/** The ordered rules that apply to one host: a VirtualService, or Istio's default route. */
export interface VirtualHost {
  /** `namespace/name` of the VirtualService, or `default` for a host without one. */
  readonly source: string;
  readonly serviceFqdn: string;
  readonly rules: readonly HttpRouteRule[];
}
