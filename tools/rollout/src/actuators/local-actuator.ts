import type { RolloutPlan } from '../engine/rollout-plan';
import type { RolloutValues } from '../engine/rollout-values';
import type { Actuator } from './actuator';

/**
 * Drives the local stack (`npm start`) through its admin API. The stack keeps each service's
 * rollout values under .data/, renders the service's chart with `helm template`, and reloads the
 * local mesh with the resulting VirtualService and DestinationRule.
 */
export class LocalActuator implements Actuator {
  readonly name = 'local';

  private plan?: RolloutPlan;

  constructor(private readonly stackUrl: string) {}

  /** Remembers which track the new version goes to; sent with every step, like the chart's tracks values. */
  forPlan(plan: RolloutPlan): this {
    this.plan = plan;
    return this;
  }

  async apply(service: string, values: RolloutValues): Promise<void> {
    const tracks = this.plan ? { [this.plan.newTrack]: this.plan.toVersion } : undefined;
    await this.call('PUT', `/api/rollout/${service}`, { values, tracks });
  }

  async promote(plan: RolloutPlan): Promise<void> {
    await this.call('POST', `/api/rollout/${plan.service}/promote`, { version: plan.toVersion, values: plan.promote, strategy: plan.strategy });
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.call('PUT', `/api/rollout/${plan.service}`, { values: plan.rollback });
  }

  private async call(method: string, path: string, body: unknown): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.stackUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new Error(`the local stack is not reachable at ${this.stackUrl} (${(error as Error).message}). Start it with: npm start`);
    }
    if (!res.ok) throw new Error(`the local stack refused ${method} ${path}: ${res.status} ${await res.text()}`);
  }
}
