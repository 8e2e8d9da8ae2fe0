import { LoadGenerator, type LoadSnapshot } from '@courier/loadgen';
import { HttpProbeTraffic, LOCAL_PROBE_PATH, MeshMetrics, RolloutEngine, type RolloutPlan, type RolloutReport } from '@courier/rollout';
import type { Server } from 'node:http';
import { LocalActuator } from '../../../tools/rollout/src/actuators/local-actuator';
import { blueGreenPlan } from '../../../tools/rollout/src/strategies/bluegreen-strategy';
import { canaryPlan } from '../../../tools/rollout/src/strategies/canary-strategy';
import { startStackAdminApi } from '../../../tools/stack/src/stack-admin-api';
import { describeBaselines, findCleanRate, lossFromRoutingChange, type BaselineWindow, type CleanRate } from '../../e2e/test/support/load-baseline';
import { startTestStack, type TestStack } from '../../e2e/test/support/start-test-stack';
import { startSuiteDatabase, type SuiteDatabase } from './support/real-postgres-for-suite';

const RPS = Number(process.env.RELIABILITY_ROLLOUT_RPS ?? 200);
/** Short steps keep the suite inside the CI budget; the traffic volume is what makes them meaningful. */
const INTERVAL_MS = 3000;
/** As long as the blue/green switch takes, so a baseline is a fair comparison for a rollout. */
const BASELINE_WINDOW_MS = 6000;

/**
 * Routing changes must never cost a request: a full canary, a blue/green switch and an aborted
 * (rolled back) canary of a healthy version, each under ~200 customer requests per second through
 * the gateway of a real local stack, with the rollout engine judging from the mesh's metrics.
 * A baseline first proves the machine serves that load with no routing change and no failure (on
 * a busy machine the rate comes down to half the measured capacity, and the output says so), so
 * every request lost during a rollout is the rollout's.
 */
describe('rollouts of a healthy version lose no request', () => {
  let database: SuiteDatabase;
  let running: TestStack;
  let admin: Server;
  let load: LoadGenerator;
  let rate: CleanRate | undefined;
  const counts: string[] = [];

  beforeAll(async () => {
    database = await startSuiteDatabase('zero-loss rollouts');
    running = await startStackOn(database.url);
    admin = await startStackAdminApi(running.stack, running.options.ports.stackAdmin);
    // Warm-up at a fraction of the rate, so that cold starts are not counted against a rollout.
    load = new LoadGenerator({ baseUrl: running.stack.gatewayUrl, rps: RPS / 4, journeys: 256 });
    load.start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    rate = await findCleanRate(load, { targetRps: RPS, windowMs: BASELINE_WINDOW_MS, settleMs: 1000, floorRps: RPS / 10 });
  }, 150_000);
  afterAll(async () => {
    await load?.close();
    admin?.close();
    await running?.close();
    await database?.stop();
    const baselines = rate ? describeBaselines(rate) : '  no clean baseline';
    process.stdout.write(`\n[zero-loss rollouts] ${RPS} req/s target on ${database?.description}\n${baselines}\n${counts.join('\n')}\n`);
  });

  /** The clean baseline every rollout is judged against (beforeAll fails when there is none). */
  const baseline = (): BaselineWindow => (rate as CleanRate).baseline;

  type OnEvent = ConstructorParameters<typeof RolloutEngine>[0]['onEvent'];
  const engine = (plan: RolloutPlan, signal?: AbortSignal, onEvent?: OnEvent) =>
    new RolloutEngine({
      signal,
      actuator: new LocalActuator(`http://127.0.0.1:${running.options.ports.stackAdmin}`, running.stack.controlToken).forPlan(plan),
      metrics: new MeshMetrics(`http://127.0.0.1:${running.options.ports.meshAdmin}`),
      thresholds: { minSuccessRate: 0.99, maxP99Ms: 5000, minRequests: 5 },
      intervalMs: INTERVAL_MS,
      maxInconclusiveWindows: 2,
      probes: new HttpProbeTraffic(`http://127.0.0.1:${running.options.ports.meshListeners.delivery}${LOCAL_PROBE_PATH}`),
      onEvent,
    });

  const measured = async (name: string, plan: RolloutPlan, signal?: AbortSignal, onEvent?: OnEvent): Promise<[RolloutReport, LoadSnapshot]> => {
    load.resetStats();
    const report = await engine(plan, signal, onEvent).run(plan);
    // A second under the final routing counts too: a change's after-effects are part of it. Then
    // every request of the window is waited for: a timeout that lands later is still a failure.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const traffic = await load.closeWindow();
    counts.push(
      `  ${name.padEnd(22)} ${report.status.padEnd(12)} ${String(traffic.sent).padStart(6)} requests in ${(traffic.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(traffic.sent / (traffic.elapsedMs / 1000))} req/s), ${traffic.failed} failed ${JSON.stringify(traffic.failures)}, p99 ${Math.round(traffic.p99Ms)} ms, served by ${JSON.stringify(traffic.servedBy)}`,
    );
    return [report, traffic];
  };

  it('full canary v1 → v2: promoted, no failed request', async () => {
    const [report, traffic] = await measured('canary 10→50→100%', canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10, 50, 100] }));
    expect(report.status).toBe('promoted');
    expect(running.stack.routing.get('delivery').tracks.stable).toBe('v2');
    expect(traffic.sent).toBeGreaterThan(baseline().rps);
    expect(lossFromRoutingChange(baseline(), traffic)).toBeUndefined();
  }, 90_000);

  it('blue/green switch v2 → v1: promoted, no failed request', async () => {
    const [report, traffic] = await measured('blue/green switch', blueGreenPlan({ service: 'delivery', fromVersion: 'v2', toVersion: 'v1', active: 'blue' }));
    expect(report.status).toBe('promoted');
    expect(running.stack.routing.get('delivery').values.bluegreen).toMatchObject({ active: 'green', preview: false });
    expect(lossFromRoutingChange(baseline(), traffic)).toBeUndefined();
  }, 90_000);

  it('rollback: a canary aborted at 50% restores stable, no failed request', async () => {
    const controller = new AbortController();
    const plan = canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [50, 100] });
    const [report, traffic] = await measured('canary 50% → rollback', plan, controller.signal, (event) => {
      if (event.type === 'step-started') setTimeout(() => controller.abort(), INTERVAL_MS / 2);
    });
    expect(report.status).toBe('aborted');
    expect(running.stack.routing.get('delivery').values.strategy).toBe('none');
    expect(lossFromRoutingChange(baseline(), traffic)).toBeUndefined();
  }, 90_000);
});

/** The e2e suites' stack (startTestStack reads DATABASE_URL), here on this suite's own database. */
async function startStackOn(databaseUrl: string): Promise<TestStack> {
  const shared = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    return await startTestStack();
  } finally {
    process.env.DATABASE_URL = shared;
  }
}
