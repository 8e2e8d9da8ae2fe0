/** How many events of a service's rollouts the stack remembers for the control room's timeline. */
const MAX_EVENTS = 200;

/**
 * Rollouts in progress, as the stack sees them: the events the rollout CLI publishes, and the
 * promote/abort requests waiting for it to pick up (it polls). In memory: a restarted stack
 * starts with an empty timeline, while the routing itself is persisted.
 */
export class RolloutActivity {
  private readonly events = new Map<string, unknown[]>();
  private readonly pending = new Map<string, 'promote' | 'abort'>();

  /** `onRecord` sees every event as it is recorded (the verdict metrics count them). */
  constructor(private readonly onRecord: (service: string, event: unknown) => void = () => undefined) {}

  record(service: string, event: unknown): void {
    this.onRecord(service, event);
    const list = this.events.get(service) ?? [];
    list.push({ at: new Date().toISOString(), ...(event as object) });
    if (list.length > MAX_EVENTS) list.splice(0, list.length - MAX_EVENTS);
    this.events.set(service, list);
  }

  eventsOf(service: string): unknown[] {
    return this.events.get(service) ?? [];
  }

  request(service: string, action: 'promote' | 'abort'): void {
    this.pending.set(service, action);
  }

  /** Hands a pending request to the rollout that polls for it, once. */
  take(service: string): 'promote' | 'abort' | undefined {
    const action = this.pending.get(service);
    this.pending.delete(service);
    return action;
  }
}
