import type { ControlAction, FaultSettings, StartRollout } from '@courier/contracts';
import type { ControlRoomSnapshot, LoadView } from './control-room-snapshot';

/**
 * Where the control room reads live state and sends its actions. Locally that is the stack admin
 * API (StackControlPlane); on Kubernetes the figures come from Prometheus and rollouts are driven
 * by the pipeline (PipelineControlPlane). Chosen by config in WebModule. An abstract class, so
 * Nest can inject it by type.
 */
export abstract class ControlPlane {
  abstract snapshot(): Promise<ControlRoomSnapshot>;
  abstract startRollout(service: string, request: StartRollout): Promise<unknown>;
  abstract control(service: string, action: ControlAction): Promise<unknown>;
  /** Accepted at once: the version restarts in the background, and snapshots say when it is done. */
  abstract setFaults(service: string, version: string, faults: FaultSettings): Promise<{ restarting: boolean }>;
  abstract setLoad(rps: number): Promise<LoadView>;
}
