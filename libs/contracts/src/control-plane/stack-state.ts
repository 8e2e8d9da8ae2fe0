import type { RelayedRolloutEvent } from './rollout-events';
import type { FaultSettings } from './rollout-requests';
import type { RolloutValues, TrackVersions } from './rollout-values';
import type { RoutingView } from './routing-view';

/** GET /api/stack: what the local stack runs, with each service's routing (never a password). */
export interface StackDescription {
  gateway: string;
  meshAdmin: string;
  /** The database URL without its password. */
  database: string;
  services: Record<
    string,
    {
      routing: { values: RolloutValues; tracks: TrackVersions };
      /** The mesh listener in front of the service: what its callers use. */
      meshListener: string;
      versions: { version: string; url: string; faults: FaultSettings }[];
    }
  >;
  /** The mesh's routing table as applied (tools/mesh's RoutingDescription), for people reading the API. */
  mesh?: unknown;
}

/** GET /api/rollouts: per service, whether a rollout runs, its routing, and its latest events (last last). */
export type StackRollouts = Record<string, { running: boolean; routing: RoutingView; events: RelayedRolloutEvent[] }>;

/** GET and PUT /api/load: the stack's load generator. */
export interface LoadStatus {
  rps: number;
  running: boolean;
  lastWindow?: { sent: number; failed: number };
}

/** GET /api/data: rows per table, per service schema (`{ delivery: { deliveries: 12, … } }`). */
export type DataCounts = Record<string, Record<string, number>>;

/** The mesh admin's GET /stats?window=N, as far as the control room and the CLI read it: figures per version. */
export interface MeshStats {
  destinations: {
    service: string;
    version: string;
    traffic: 'primary' | 'mirror';
    window: { requests: number; errors: number; rps: number; errorRate: number; latencyMs: { p99: number } };
    /** Since the mesh started: requests answered, 5xx among them, and the count per status code. */
    total: { requests: number; errors: number; responseCodes: Record<string, number> };
  }[];
}
