import { fetchJson, UnreachableError } from '@courier/contracts';
import type { RolloutPlan } from '../engine/rollout-plan';
import type { RolloutValues } from '../engine/rollout-values';
import type { Actuator } from './actuator';
import type { CommandRunner } from './command-runner';

export interface ComposeActuatorOptions {
  runner: CommandRunner;
  /** The routing renderer, e.g. [node, tools/stack/bin/render-compose-routing.js]. */
  renderCommand: readonly string[];
  /** The routing file the compose mesh watches (docker-compose.yml mounts deploy/compose). */
  routingFile: string;
  /** The mesh's admin API, to confirm it applied the new routing. */
  meshAdminUrl: string;
  /** How long the mesh may take to pick the file up (it polls every 300 ms). */
  applyTimeoutMs?: number;
}

/**
 * Drives `docker compose up`: each routing change re-renders the service's real chart with the
 * step's `rollout` values into the routing file the compose mesh watches, then waits until the
 * mesh's GET /config reports a newer routing version, so analysis never judges the old routing.
 *
 * Compose's containers keep their versions (delivery-v1 is the stable track, delivery-v2 the
 * canary track), so promoting cannot move v2 onto stable as a cluster does: the last step's
 * routing (all traffic on the new version) stays. Blue/green needs blue and green containers,
 * which compose does not run.
 */
export class ComposeActuator implements Actuator {
  readonly name = 'compose';

  constructor(private readonly options: ComposeActuatorOptions) {}

  async apply(service: string, values: RolloutValues): Promise<void> {
    if (values.strategy === 'bluegreen') throw new Error('--target compose: blue/green needs blue and green containers; docker-compose.yml runs a stable and a canary one (use canary, mirror or ab)');
    await this.route(service, values);
  }

  async promote(plan: RolloutPlan): Promise<void> {
    const last = plan.steps.at(-1)?.values;
    if (last) await this.route(plan.service, last);
  }

  async rollback(plan: RolloutPlan): Promise<void> {
    await this.route(plan.service, plan.rollback);
  }

  private async route(service: string, values: RolloutValues): Promise<void> {
    const before = await this.meshRoutingVersion();
    const [command, ...args] = this.options.renderCommand;
    await this.options.runner.run(command, [...args, '--service', service, '--values', JSON.stringify(values), '--out', this.options.routingFile]);
    const deadline = Date.now() + (this.options.applyTimeoutMs ?? 10_000);
    while ((await this.meshRoutingVersion()) <= before) {
      if (Date.now() > deadline) throw new Error(`the compose mesh did not apply ${this.options.routingFile} (routing version still ${before}; see \`docker compose logs mesh\`)`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async meshRoutingVersion(): Promise<number> {
    let answer;
    try {
      answer = await fetchJson<{ version: number }>(`${this.options.meshAdminUrl}/config`, { timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      throw new Error(`the compose mesh's admin API is not reachable at ${this.options.meshAdminUrl} (${error.reason}). Start it with: docker compose up`);
    }
    if (!answer.ok || !answer.body) throw new Error(`the compose mesh answered GET /config with ${answer.status}`);
    return answer.body.version;
  }
}
