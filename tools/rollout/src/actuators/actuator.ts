import type { RolloutPlan } from '../engine/rollout-plan';
import type { RolloutValues } from '../engine/rollout-values';

/**
 * Makes routing real. Locally: write the stack's rollout values, re-render the charts, reload the
 * mesh. On Kubernetes: `helm upgrade --reuse-values --set rollout.…`, then wait for the rollout.
 */
export interface Actuator {
  readonly name: string;
  /** Route the service as one step of the plan says. */
  apply(service: string, values: RolloutValues): Promise<void>;
  /** The new version becomes what stable serves, and the extra track goes away. */
  promote(plan: RolloutPlan): Promise<void>;
  /** Back to the old version serving everything. */
  rollback(plan: RolloutPlan): Promise<void>;
}
