import type { ControlAction, RelayedRolloutEvent, RolloutEvent } from '@courier/contracts';

/** An event to record: the engine's, or the stack's own `failed` when the infrastructure cut a rollout short. */
export type RecordedEvent = RolloutEvent | { type: 'failed'; reason: string };

/** How many events of a service's rollouts the stack remembers for the control room's timeline. */
const MAX_EVENTS = 200;

/**
 * Rollouts in progress, as the stack sees them: the events the rollout CLI publishes, and the
 * promote/abort requests waiting for it to pick up (it polls). In memory: a restarted stack
 * starts with an empty timeline, while the routing itself is persisted.
 *
 * A request belongs to the rollout in progress when it is made and goes with it: a rollout's
 * `started` and `finished` events both drop what is pending, so a promote sent while nothing ran
 * can never promote the next rollout without analysis.
 */
export class RolloutActivity {
  private readonly events = new Map<string, RelayedRolloutEvent[]>();
  private readonly pending = new Map<string, ControlAction>();
  private readonly inProgressNow = new Set<string>();

  /** `onRecord` sees every event as it is recorded (the verdict metrics count them). */
  constructor(private readonly onRecord: (service: string, event: RecordedEvent) => void = () => undefined) {}

  record(service: string, event: RecordedEvent): void {
    this.onRecord(service, event);
    const type = event?.type;
    if (type === 'started' || type === 'finished') this.pending.delete(service);
    if (type === 'started') this.inProgressNow.add(service);
    if (type === 'finished') this.inProgressNow.delete(service);
    const list = this.events.get(service) ?? [];
    list.push({ at: new Date().toISOString(), ...event });
    if (list.length > MAX_EVENTS) list.splice(0, list.length - MAX_EVENTS);
    this.events.set(service, list);
  }

  eventsOf(service: string): RelayedRolloutEvent[] {
    return this.events.get(service) ?? [];
  }

  /** A rollout run by the CLI has started and not finished (as its published events say). */
  inProgress(service: string): boolean {
    return this.inProgressNow.has(service);
  }

  /** Keeps a request for the CLI's rollout in progress; false (nothing kept) when none is. */
  request(service: string, action: ControlAction): boolean {
    if (!this.inProgress(service)) return false;
    this.pending.set(service, action);
    return true;
  }

  /** Hands a pending request to the rollout that polls for it, once. */
  take(service: string): ControlAction | undefined {
    const action = this.pending.get(service);
    this.pending.delete(service);
    return action;
  }
}
