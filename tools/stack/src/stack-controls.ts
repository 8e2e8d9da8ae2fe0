import path from 'node:path';
import { LoadControl } from './load-control';
import type { LocalStack } from './local-stack';
import { RolloutActivity } from './rollout-activity';
import { RolloutRunner } from './rollout-runner';
import { RolloutVerdictMetrics } from './rollout-verdict-metrics';
import { StackData } from './stack-data';

/** Where `npm start` reads thresholds from: the repository root (from src/ and dist/ alike). */
const DEFAULT_ROLLOUT_CONFIG = path.resolve(__dirname, '..', '..', '..', 'rollout.config.json');

/** What the admin API drives besides routing: rollouts in progress, in-process rollouts, and load. */
export interface StackControls {
  activity: RolloutActivity;
  /** The rollouts' verdicts as Prometheus metrics (the admin API's /metrics). */
  verdicts: RolloutVerdictMetrics;
  rollouts: RolloutRunner;
  load: LoadControl;
  /** The services' rows: counted for `courier lab check`, emptied by `courier lab reset --data`. */
  data: StackData;
  /** Stops the load and aborts running rollouts (stable restored); call before the stack stops. */
  stop(): Promise<void>;
}

export function createStackControls(stack: LocalStack, configFile = DEFAULT_ROLLOUT_CONFIG): StackControls {
  const verdicts = new RolloutVerdictMetrics(stack.services);
  const activity = new RolloutActivity((service, event) => verdicts.observe(service, event));
  // The same place `courier rollout` writes its reports by default (.data/rollout-reports).
  const reportDir = path.join(stack.dataDir, 'rollout-reports');
  const rollouts = new RolloutRunner({ stack, activity, configFile, reportDir });
  const load = new LoadControl(stack.gatewayUrl);
  const data = new StackData(stack.root, () => stack.databaseUrl);
  return {
    activity,
    verdicts,
    rollouts,
    load,
    data,
    async stop() {
      await load.stop();
      await rollouts.stop();
    },
  };
}
