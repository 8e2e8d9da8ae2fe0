import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StackControls } from '../../../../tools/stack/src/stack-controls';
import { startTestStack, type TestStack } from '../../../e2e/test/support/start-test-stack';
import { startTestStackAdmin, type TestStackAdmin } from '../../../e2e/test/support/start-test-stack-admin';

/**
 * Thresholds for a shared 2-core test machine. A freshly restarted v2 under CPU contention can
 * time out a request or two of a short window, so "healthy" is ≥ 90% success here (99% in
 * rollout.config.json); the suite's bad mode fails half of v2's requests, so it still fails clearly. The p99 limit
 * is one a busy CI box cannot trip by accident, and short windows need fewer requests.
 */
const TEST_ROLLOUT_CONFIG = {
  defaults: { steps: [50, 100], intervalSeconds: 4, thresholds: { minSuccessRate: 0.9, maxP99Ms: 3000, minRequests: 10 } },
  services: {},
};

export interface BrowserStack extends TestStack {
  controls: StackControls;
  close(): Promise<void>;
}

/** The `npm start` stack on free ports with its admin API, as web's control room drives it; `versions` as startTestStack's. */
export async function startBrowserStack(versions?: Record<string, string[]>): Promise<BrowserStack> {
  const running = await startTestStack(versions);
  const configDir = await mkdtemp(path.join(os.tmpdir(), 'courier-rollout-config-'));
  const configFile = path.join(configDir, 'rollout.config.json');
  await writeFile(configFile, JSON.stringify(TEST_ROLLOUT_CONFIG));
  let admin: TestStackAdmin;
  try {
    admin = await startTestStackAdmin(running, configFile);
  } catch (error) {
    await running.close();
    throw error;
  }
  return {
    ...running,
    controls: admin.controls,
    async close() {
      await admin.close();
      await running.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
