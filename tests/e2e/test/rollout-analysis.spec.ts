import { LoadGenerator } from '@courier/loadgen';
import { HttpProbeTraffic, LOCAL_PROBE_PATH, PrometheusMetrics, RolloutEngine, type RolloutPlan, type RolloutReport } from '@courier/rollout';
import { requireTool } from '@courier/testenv';
import type { Server } from 'node:http';
import { LocalActuator } from '../../../tools/rollout/src/actuators/local-actuator';
import { blueGreenPlan } from '../../../tools/rollout/src/strategies/bluegreen-strategy';
import { mirrorPlan } from '../../../tools/rollout/src/strategies/mirror-strategy';
import { canaryPlan } from '../../../tools/rollout/src/strategies/canary-strategy';
import { startStackAdminApi } from '../../../tools/stack/src/stack-admin-api';
import { describeBaselines, findCleanRate, lossFromRoutingChange, type CleanRate } from './support/load-baseline';
import { startPrometheus, type RealPrometheus } from './support/real-prometheus';
import { startTestStack, type TestStack } from './support/start-test-stack';

const prometheusBinary = requireTool('prometheus', 'rollout e2e', 'the rollout engine judged through a real Prometheus');
const RPS = Number(process.env.ROLLOUT_E2E_RPS ?? 60);
const INTERVAL_MS = 6000;
/** The p99 limit a healthy v2 is judged by on an idle machine; a busy one raises it (see latencyLimitMs). */
const MAX_P99_MS = 2000;
/**
 * Half of a faulty v2's requests fail. A busy machine lowers the load (see findCleanRate), and at
 * 10 req/s the first 25% step sees only about 10 of v2's requests: at 20% errors all of them
 * succeed 11% of the time, at 50% once in a thousand runs.
 */
const FAULTY_ERROR_RATE = 0.5;
/**
 * A 100% mirror doubles delivery's work, so the baseline must prove twice the rate the rollouts
 * run at: at 60 req/s a clean 60 req/s baseline left no room, and the mirror lost 118 of 278.
 */
const HEADROOM = 2;


/**
 * The rollout engine against a real local stack under steady load, judging delivery v2 through a
 * real Prometheus that scrapes the mesh's Istio-shaped metrics: the same PromQL as on a cluster.
 */
(prometheusBinary ? describe : describe.skip)('rollout engine end to end (real Prometheus)', () => {
  let running: TestStack;
  let prometheus: RealPrometheus;
  let admin: Server;
  let load: LoadGenerator;
  let rate: CleanRate;
  let rolloutRps: number;

  beforeAll(async () => {
    running = await startTestStack();
    admin = await startStackAdminApi(running.stack, running.options.ports.stackAdmin);
    prometheus = await startPrometheus(prometheusBinary as string, [`127.0.0.1:${running.options.ports.meshAdmin}`]);
    load = new LoadGenerator({ baseUrl: running.stack.gatewayUrl, rps: RPS / 4, journeys: 64 });
    load.start();
    // A baseline with no routing change at twice the rollouts' rate: on a busy machine that rate
    // comes down until it loses nothing, so a failed request during a healthy rollout is the rollout's.
    rate = await findCleanRate(load, { targetRps: RPS * HEADROOM, windowMs: INTERVAL_MS, settleMs: 1000, floorRps: (RPS / 6) * HEADROOM });
    rolloutRps = rate.baseline.rps / HEADROOM;
    load.setRate(rolloutRps);
    process.stdout.write(`[rollout e2e] ${RPS} req/s target\n${describeBaselines(rate)}\n  the rollouts run at ${rolloutRps} req/s\n`);
  }, 150_000);
  afterAll(async () => {
    await load?.close();
    admin?.close();
    await prometheus?.stop();
    await running?.close();
  }, 60_000);

  /**
   * The p99 a healthy version must stay under: the idle-machine limit, or twice the end-to-end
   * p99 the baseline measured when CPU contention makes every version slower than that. The
   * faulty versions below are caught by their error rate, which this does not touch.
   */
  const latencyLimitMs = () => Math.max(MAX_P99_MS, Math.ceil(2 * rate.baseline.traffic.p99Ms));

  let abortSignal: AbortSignal | undefined;
  const canary = () => canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [25, 100] });
  const rollout = (plan: RolloutPlan = canary(), onEvent?: ConstructorParameters<typeof RolloutEngine>[0]['onEvent']): Promise<RolloutReport> =>
    new RolloutEngine({
      signal: abortSignal,
      actuator: new LocalActuator(`http://127.0.0.1:${running.options.ports.stackAdmin}`, running.stack.controlToken).forPlan(plan),
      metrics: new PrometheusMetrics(prometheus.url),
      thresholds: { minSuccessRate: 0.99, maxP99Ms: latencyLimitMs(), minRequests: 5 },
      intervalMs: INTERVAL_MS,
      maxInconclusiveWindows: 3,
      probes: new HttpProbeTraffic(`http://127.0.0.1:${running.options.ports.meshListeners.delivery}${LOCAL_PROBE_PATH}`),
      onEvent,
    }).run(plan);

  /** Runs the body with v2 faulty, and always heals v2 afterwards so that one failure does not fail the next tests too. */
  const withFaultyV2 = async (body: () => Promise<void>) => {
    await running.stack.setFaults('delivery', 'v2', { errorRate: FAULTY_ERROR_RATE, delayMs: 0 });
    try {
      await body();
    } finally {
      await running.stack.setFaults('delivery', 'v2', { errorRate: 0, delayMs: 0 });
    }
  };

  it('rolls a faulty v2 back at the first analysed step', async () => {
    await withFaultyV2(async () => {
      load.resetStats();
      const report = await rollout();
      const traffic = await load.closeWindow();
      process.stdout.write(`[rollout e2e] faulty canary: ${report.status}; ${traffic.sent} requests, ${traffic.failed} failed ${JSON.stringify(traffic.failures)}\n`);
      expect(report.status).toBe('rolled-back');
      expect(report.steps).toHaveLength(1);
      expect(report.reason).toMatch(/canary 25%: success rate/);
      expect(running.stack.routing.get('delivery').values.strategy).toBe('none');
      // Only the canary's share of delivery traffic saw v2's injected errors.
      expect(traffic.failed).toBeLessThan(traffic.sent * 0.25 * FAULTY_ERROR_RATE * 2 + 5);
    });
    // Let the faulty period leave Prometheus' analysis window before the next rollout is judged.
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS + 2000));
  }, 120_000);

  it('promotes a healthy v2 with no failed requests during the whole rollout', async () => {
    load.resetStats();
    const report = await rollout();
    const traffic = await load.closeWindow();
    process.stdout.write(`[rollout e2e] healthy canary: ${report.status} (${report.reason}); ${traffic.sent} requests, ${traffic.failed} failed ${JSON.stringify(traffic.failures)}\n`);
    expect(report.status).toBe('promoted');
    expect(report.steps.map((s) => s.verdicts.at(-1)?.outcome)).toEqual(['pass', 'pass']);
    expect(running.stack.routing.get('delivery').tracks.stable).toBe('v2');
    expect(traffic.sent).toBeGreaterThan(rolloutRps * 5);
    expect(lossFromRoutingChange(rate.baseline, traffic)).toBeUndefined();
  }, 120_000);

  it('blue/green: the preview header reaches green before the switch, then green serves everyone', async () => {
    // After the canary above, stable runs v2: blue takes over what stable serves, green gets v1 back, and
    // blue/green moves everyone to green (v1) — a full switch back, previewed first.
    const previewed: string[] = [];
    const deliveryListener = `http://127.0.0.1:${running.options.ports.meshListeners.delivery}`;
    load.resetStats();
    const report = await rollout(blueGreenPlan({ service: 'delivery', fromVersion: 'v2', toVersion: 'v1', active: 'blue' }), (event) => {
      if (event.type === 'step-started' && event.index === 0) {
        setTimeout(async () => {
          const plain = await (await fetch(`${deliveryListener}/version`)).json();
          const preview = await (await fetch(`${deliveryListener}/version`, { headers: { 'x-courier-preview': 'true' } })).json();
          previewed.push(plain.version, preview.version);
        }, 500);
      }
    });
    const traffic = await load.closeWindow();
    process.stdout.write(`[rollout e2e] blue/green: ${report.status} (${report.reason}); ${traffic.sent} requests, ${traffic.failed} failed\n`);
    expect(previewed).toEqual(['v2', 'v1']);
    expect(report.status).toBe('promoted');
    expect(running.stack.routing.get('delivery').values.bluegreen).toMatchObject({ active: 'green', preview: false });
    for (let i = 0; i < 10; i++) expect((await (await fetch(`${deliveryListener}/version`)).json()).version).toBe('v1');
    expect(lossFromRoutingChange(rate.baseline, traffic)).toBeUndefined();
  }, 120_000);

  it('mirror: a faulty shadow version is discarded without any user-visible error', async () => {
    // Stable serves v1 after the blue/green above; the canary track (mirror target) runs v2, in bad mode.
    await withFaultyV2(async () => {
      load.resetStats();
      const report = await rollout(mirrorPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', percent: 100 }));
      const traffic = await load.closeWindow();
      process.stdout.write(`[rollout e2e] faulty mirror: ${report.status} (${report.reason}); ${traffic.sent} requests, ${traffic.failed} failed\n`);
      expect(report.status).toBe('rolled-back');
      expect(report.reason).toMatch(/mirror 100%: success rate/);
      expect(lossFromRoutingChange(rate.baseline, traffic)).toBeUndefined();
      expect(traffic.servedBy['delivery/v2'] ?? 0).toBe(0);
    });
  }, 120_000);

  it('abort mid-rollout restores stable', async () => {
    const controller = new AbortController();
    abortSignal = controller.signal;
    try {
      const report = await rollout(canary(), (event) => {
        if (event.type === 'step-started') setTimeout(() => controller.abort(), 1000);
      });
      expect(report.status).toBe('aborted');
      expect(running.stack.routing.get('delivery').values.strategy).toBe('none');
    } finally {
      abortSignal = undefined;
    }
  }, 60_000);
});
