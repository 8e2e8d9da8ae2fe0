import { routingSummary, type Colour, type ControlAction, type RolloutEvent, type StackDescription } from '@courier/contracts';
import { callStackAdmin } from '../actuators/stack-admin-call';
import { LOCAL_PROBE_PATH } from '../engine/probe-traffic';

/**
 * The rollout CLI's view of the local stack's admin API: current routing, and the channel through
 * which a second terminal (or the control room) can promote or abort a running rollout.
 */
export class StackClient {
  /** `token`: the run's control token (undefined only when the stack runs with CONTROL_AUTH=off). */
  constructor(
    private readonly stackUrl: string,
    private readonly token: string | undefined,
  ) {}

  async statusLines(): Promise<string[]> {
    const { services } = await this.get<StackDescription>('/api/stack');
    return Object.entries(services).map(([service, { routing }]) => routingSummary(service, routing));
  }

  async activeColour(service: string): Promise<Colour> {
    const { services } = await this.get<StackDescription>('/api/stack');
    const routing = services[service]?.routing;
    if (!routing) throw new Error(`the local stack has no service "${service}"`);
    return routing.values.strategy === 'bluegreen' ? routing.values.bluegreen.active : 'blue';
  }

  /** The mesh listener in front of a service: probes sent there are routed by its VirtualService. */
  async probeUrl(service: string): Promise<string> {
    const { services } = await this.get<StackDescription>('/api/stack');
    const listener = services[service]?.meshListener;
    if (!listener) throw new Error(`the local stack has no mesh listener for "${service}"; pass --probe-url`);
    return `${listener}${LOCAL_PROBE_PATH}`;
  }

  async requestControl(service: string, action: ControlAction): Promise<void> {
    await this.send('POST', `/api/rollouts/${service}/control`, { action });
  }

  async publish(service: string, event: RolloutEvent): Promise<void> {
    await this.send('POST', `/api/rollouts/${service}/events`, event);
  }

  /** Polls for promote/abort requests while a rollout runs; returns a function that stops polling. */
  watchControl(service: string, signals: { abort: AbortController; promote: AbortController }): () => void {
    const timer = setInterval(() => {
      this.get<{ action?: ControlAction }>(`/api/rollouts/${service}/control`)
        .then(({ action }) => {
          if (action === 'abort') signals.abort.abort();
          if (action === 'promote') signals.promote.abort();
        })
        .catch(() => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }

  private async get<T>(path: string): Promise<T> {
    return (await this.send('GET', path)) as T;
  }

  private send(method: string, path: string, body?: unknown): Promise<unknown> {
    return callStackAdmin(this.stackUrl, this.token, method, path, body);
  }
}
