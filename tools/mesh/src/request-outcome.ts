import { type HttpRouteRule } from './http-route-rule';
import { type DestinationIdentity } from './telemetry-identity';
import { type Workload } from './workload';

/** How a request ended, for the metrics and the access log. */
export interface RequestOutcome {
  /** The status the client got; 0 when it went away first (Envoy's convention). */
  status: number;
  /** Envoy response flags, e.g. `-`, `UF,URX`, `DI,FI`. */
  flags: string;
  destination: DestinationIdentity;
  /** The version the route chose, even when no workload was reached. */
  version: string;
  workload?: Workload;
  rule?: HttpRouteRule;
}
