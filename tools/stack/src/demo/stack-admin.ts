import { STABLE_ONLY, callStackAdmin, readControlToken, type RolloutValues } from '@courier/rollout';
import type { FaultSettings, LoadStatus, StackDescription, StackRollouts, StartRollout } from '@courier/contracts';
import { initialRouting } from '../service-routing';

/** Where `npm start` serves its admin API unless STACK_ADMIN_PORT says otherwise. */
export const stackAdminUrl = (env: NodeJS.ProcessEnv) => `http://127.0.0.1:${env.STACK_ADMIN_PORT || 8079}`;

const NO_FAULTS: FaultSettings = { errorRate: 0, delayMs: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A running local stack, driven through its admin API with the run's control token, as the
 * control room and `courier rollout` drive it: what the demo and the labs' reset use.
 */
export class StackAdmin {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
  ) {}

  /** The stack `npm start` runs from `root` (its token is in `<root>/.data/control-token`). */
  static of(root: string, env: NodeJS.ProcessEnv): StackAdmin {
    return new StackAdmin(stackAdminUrl(env), readControlToken(root, env));
  }

  get controlToken(): string | undefined {
    return this.token;
  }

  describe(): Promise<StackDescription> {
    return this.call('GET', '/api/stack') as Promise<StackDescription>;
  }

  rollouts(): Promise<StackRollouts> {
    return this.call('GET', '/api/rollouts') as Promise<StackRollouts>;
  }

  async setLoad(rps: number): Promise<LoadStatus> {
    return (await this.call('PUT', '/api/load', { rps })) as LoadStatus;
  }

  async setFaults(service: string, version: string, faults: FaultSettings): Promise<void> {
    await this.call('PUT', `/api/rollouts/${service}/versions/${version}/faults`, faults);
  }

  async startRollout(service: string, request: StartRollout): Promise<void> {
    await this.call('POST', `/api/rollouts/${service}`, request);
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

  /**
   * The start state of `npm start`: no rollout running (a running one is aborted), no load, every
   * version without faults, and every service's routing back to its first version on stable.
   */
  async resetToStart(): Promise<void> {
    const rollouts = await this.rollouts();
    for (const [service, rollout] of Object.entries(rollouts)) {
      if (!rollout.running) continue;
      await this.call('POST', `/api/rollouts/${service}/control`, { action: 'abort' });
      await this.finished(service);
    }
    await this.setLoad(0);
    const { services } = await this.describe();
    for (const [service, { versions, routing }] of Object.entries(services)) {
      for (const { version, faults } of versions) if (faults.errorRate !== 0 || faults.delayMs !== 0) await this.setFaults(service, version, NO_FAULTS);
      const start = initialRouting(versions.map(({ version }) => version));
      if (JSON.stringify(routing) !== JSON.stringify(start)) await this.call('PUT', `/api/rollouts/${service}/routing`, start);
    }
  }

  /** What differs from the start state, in words; empty when the stack is in it. */
  async differencesFromStart(): Promise<string[]> {
    const [{ services }, rollouts, load] = await Promise.all([this.describe(), this.rollouts(), this.call('GET', '/api/load') as Promise<LoadStatus>]);
    const found: string[] = [];
    if (load.running) found.push(`load is on (${load.rps} req/s)`);
    for (const [service, { versions, routing }] of Object.entries(services)) {
      if (rollouts[service]?.running) found.push(`a rollout of ${service} is running`);
      const start = initialRouting(versions.map(({ version }) => version));
      if (JSON.stringify(routing.values) !== JSON.stringify(STABLE_ONLY)) found.push(`${service} is routed by ${routing.values.strategy}, not stable only`);
      if (routing.tracks.stable !== start.tracks.stable) found.push(`${service}'s stable track runs ${routing.tracks.stable}, not ${start.tracks.stable}`);
      for (const { version, faults } of versions) if (faults.errorRate !== 0 || faults.delayMs !== 0) found.push(`${service} ${version} is in bad mode`);
    }
    return found;
  }

  private call(method: string, route: string, body?: unknown): Promise<unknown> {
    return callStackAdmin(this.url, this.token, method, route, body, 60_000);
  }
}
