import type { Server } from 'node:http';
import { startStackAdminApi } from '../../../../tools/stack/src/stack-admin-api';
import { createStackControls, type StackControls } from '../../../../tools/stack/src/stack-controls';
import type { TestStack } from './start-test-stack';

export interface TestStackAdmin {
  controls: StackControls;
  /** Stops the load and running rollouts, then the admin API (not the stack). */
  close(): Promise<void>;
}

/**
 * The stack admin API on a test stack's admin port, as `npm start` runs it: what the control room
 * drives, and where the rollout verdict metrics are served. `configFile`: rollout thresholds.
 */
export async function startTestStackAdmin(running: TestStack, configFile?: string): Promise<TestStackAdmin> {
  const controls = createStackControls(running.stack, configFile);
  const admin: Server = await startStackAdminApi(running.stack, running.options.ports.stackAdmin, controls);
  return {
    controls,
    async close() {
      await controls.stop();
      admin.closeAllConnections();
      admin.close();
    },
  };
}
