import { routingSummary, type Colour, type ControlAction, type DataCounts, type FaultSettings, type LoadStatus, type MeshStats, type RolloutEvent, type RolloutValues, type StackDescription, type StackRollouts, type StartRollout } from '@courier/contracts';
import { fetchJson } from '@courier/contracts';
import { callStackAdmin } from '../actuators/stack-admin-call';
import { LOCAL_PROBE_PATH } from '../engine/probe-traffic';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The courier CLI's view of the local stack's admin API: current routing, the channel through
 * which a second terminal (or the control room) can promote or abort a running rollout, and the
 * controls the demo and the labs drive (load, faults, rollouts the stack runs itself).
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

  describe(): Promise<StackDescription> {
    return this.get<StackDescription>('/api/stack');
  }

  rollouts(): Promise<StackRollouts> {
    return this.get<StackRollouts>('/api/rollouts');
  }

  load(): Promise<LoadStatus> {
    return this.get<LoadStatus>('/api/load');
  }

  /** Rows per table of every service's schema. */
  data(): Promise<DataCounts> {
    return this.get<DataCounts>('/api/data');
  }

  /** Empties every service's tables (migrations stay); the counts after. */
  async emptyData(): Promise<DataCounts> {
    return (await this.send('DELETE', '/api/data', {})) as DataCounts;
  }

  /** The mesh's figures per destination version, from its admin API (`meshAdmin` of describe()). */
  async meshStats(meshAdmin: string): Promise<MeshStats> {
    const answer = await fetchJson<MeshStats>(`${meshAdmin}/stats?window=60`, { timeoutMs: 10_000 });
    if (!answer.ok || !answer.body) throw new Error(`the mesh admin API answered ${answer.status} for /stats`);
    return answer.body;
  }

  async setLoad(rps: number): Promise<void> {
    await this.send('PUT', '/api/load', { rps });
  }

  async setFaults(service: string, version: string, faults: FaultSettings): Promise<void> {
    await this.send('PUT', `/api/rollouts/${service}/versions/${version}/faults`, faults);
  }

  async setRouting(service: string, routing: StackDescription['services'][string]['routing']): Promise<void> {
    await this.send('PUT', `/api/rollouts/${service}/routing`, routing);
  }

  /** A rollout the stack runs itself, as the control room starts one. */
  async startRollout(service: string, request: StartRollout): Promise<void> {
    await this.send('POST', `/api/rollouts/${service}`, request);
  }

  /** Waits for the service's rollout to finish; its outcome and reason. */
  async finished(service: string, timeoutMs = 120_000): Promise<{ status: string; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rollout = (await this.rollouts())[service];
      const last = rollout?.events.at(-1);
      if (rollout && !rollout.running && last?.type === 'finished') return { status: last.status, reason: last.reason };
      if (rollout && !rollout.running && last?.type === 'failed') return { status: 'failed', reason: last.reason };
      if (Date.now() > deadline) throw new Error(`the rollout of ${service} did not finish within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }

  /** Waits until the service is routed by `strategy` (a step's routing is applied just after it starts). */
  async routedBy(service: string, strategy: RolloutValues['strategy'], timeoutMs = 60_000): Promise<RolloutValues> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const values = (await this.describe()).services[service]?.routing.values;
      if (values?.strategy === strategy) return values;
      await sleep(200);
    }
    throw new Error(`${service} was not routed by ${strategy} within ${timeoutMs / 1000} s`);
  }

  private async get<T>(path: string): Promise<T> {
    return (await this.send('GET', path)) as T;
  }

  private send(method: string, path: string, body?: unknown): Promise<unknown> {
    // A faults change restarts that version, which may take a while on a busy machine.
    return callStackAdmin(this.stackUrl, this.token, method, path, body, 60_000);
  }
}
