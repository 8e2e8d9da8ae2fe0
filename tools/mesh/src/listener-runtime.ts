import { type ListenerContext } from './request-facts';
import { type SourceIdentity } from './telemetry-identity';

/** A listener as the router sees it. */
export interface ListenerRuntime {
  readonly name: string;
  /** The service a sidecar listener fronts (FQDN); a gateway listener's fallback service. */
  readonly serviceFqdn: string | undefined;
  /** Qualified `namespace/name` of the ingress gateway, for gateway listeners. */
  readonly gateway: string | undefined;
  readonly context: ListenerContext;
  readonly source: SourceIdentity;
}
