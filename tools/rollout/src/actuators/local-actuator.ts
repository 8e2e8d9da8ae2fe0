import type { RolloutPlan } from '../engine/rollout-plan';
import type { RolloutValues } from '../engine/rollout-values';
import type { Actuator } from './actuator';
import { callStackAdmin } from './stack-admin-call';

/**
 * Drives the local stack (`npm start`) through its admin API. The stack keeps each service's
 * rollout values under .data/, renders the service's chart with `helm template`, and reloads the
 * local mesh with the resulting VirtualService and DestinationRule.
 */
export class LocalActuator implements Actuator {
  readonly name = 'local';

  private plan?: RolloutPlan;

  /** `token`: the run's control token (undefined only when the stack runs with CONTROL_AUTH=off). */
  constructor(
    private readonly stackUrl: string,
    private readonly token: string | undefined,
  ) {}

  /** Remembers which track the new version goes to; sent with every step, like the chart's tracks values. */
  forPlan(plan: RolloutPlan): this {
    this.plan = plan;
    return this;
  }

  async apply(service: string, values: RolloutValues): Promise<void> {
    const tracks = this.plan ? { [this.plan.newTrack]: this.plan.toVersion } : undefined;
    await this.call('PUT', `/api/rollouts/${service}/routing`, { values, tracks });
  }

  async promote(plan: RolloutPlan): Promise<void> {
    await this.call('POST', `/api/rollouts/${plan.service}/promotion`, { version: plan.toVersion, values: plan.promote, strategy: plan.strategy });
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.call('PUT', `/api/rollouts/${plan.service}/routing`, { values: plan.rollback });
  }

  private async call(method: string, path: string, body: unknown): Promise<void> {
    await callStackAdmin(this.stackUrl, this.token, method, path, body, 30_000);
  }
}
