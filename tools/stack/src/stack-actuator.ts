import type { Actuator, RolloutPlan, RolloutValues } from '@courier/rollout';
import type { LocalStack } from './local-stack';

/**
 * The rollout engine's hands inside the stack: each step renders the service's chart with the
 * step's values and reloads the mesh, by calling the stack itself. The CLI does the same through
 * the admin API (LocalActuator); the routing that results is identical.
 */
export class StackActuator implements Actuator {
  readonly name = 'local';

  constructor(
    private readonly stack: LocalStack,
    private readonly plan: RolloutPlan,
  ) {}

  async apply(service: string, values: RolloutValues): Promise<void> {
    // Every step names the new version's track, as the chart's `tracks` values do on a cluster.
    await this.stack.setRollout(service, values, { [this.plan.newTrack]: this.plan.toVersion });
  }

  async promote(plan: RolloutPlan): Promise<void> {
    await this.stack.promote(plan.service, plan.toVersion, plan.promote, plan.strategy);
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.stack.setRollout(plan.service, plan.rollback);
  }
}
