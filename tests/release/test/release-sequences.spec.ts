import {
  abPlan,
  blueGreenPlan,
  canaryPlan,
  DEFAULT_THRESHOLDS,
  KubernetesActuator,
  liveTrack,
  mirrorPlan,
  PrometheusMetrics,
  releaseStateFrom,
  RolloutEngine,
  trackSettings,
  type RolloutPlan,
  type RolloutStatus,
} from '@courier/rollout';
import { ROUTING_APIS, type RoutingApi } from '../../charts/src/scenarios';
import { type ClusterSimulator } from '../src/cluster-sim';
import { everyPairOnce, STRATEGIES, type Strategy } from '../src/release-sequences/strategy-sequence';
import { portForward, SimulatedProbes, simulatorRunner } from '../src/release-sequences/simulated-target';
import { expectSuccess, harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';

/**
 * The release simulator's main run: for each service, a fresh install at a main-branch version
 * made from an all-digit SHA, then 65 releases in a row whose strategies put every strategy after
 * every other. The real rollout engine and its Kubernetes actuator drive the simulated cluster
 * (real `helm template` of the real charts), analysis reads the simulated Prometheus through a
 * port-forward, and the simulator checks its invariants between every two states.
 */
const SERVICES = ['users', 'delivery', 'web'] as const;
/** What the pipeline's image-tag.sh makes of commit 1234567…: all digits, so only a string keeps it one. */
const FIRST_VERSION = 'v0.0.0-g1234567';
const SEQUENCE = everyPairOnce(STRATEGIES);
const INTERVAL_MS = 25;

interface Outcome {
  strategy: Strategy;
  version: string;
  status: RolloutStatus | 'routed to stable';
  live: string;
}

async function releaseSequence(service: (typeof SERVICES)[number], api: RoutingApi): Promise<{ outcomes: Outcome[]; sim: ClusterSimulator }> {
  const { sim, helm, chartsDir } = harness({ helmBinary: process.env.SIM_HELM, badVersions: SEQUENCE.map((strategy, index) => (strategy === 'rollback' ? `${service}@${versionOf(index)}` : '')).filter(Boolean) });
  prepareNamespace(sim);
  sim.seedObservability();
  if (api === 'istio') sim.seedIngressGateway();
  // The routing API is set once, at install: every later upgrade reuses the release's values.
  const routing = ['--set', `routing.api=${api}`];
  expectSuccess(await helm('upgrade', '--install', 'courier', 'courier', '--namespace', 'courier', ...routing, '--wait'));
  for (const each of SERVICES) expectSuccess(await helm(...installArgs(each, FIRST_VERSION), ...routing));

  const runner = simulatorRunner(sim, chartsDir);
  const prometheus = await portForward(sim, chartsDir, 'observability', 'prometheus-server', 80);
  const outcomes: Outcome[] = [];
  let live = FIRST_VERSION;
  try {
    for (const [index, strategy] of SEQUENCE.entries()) {
      const version = versionOf(index);
      const actuator = new KubernetesActuator({ runner, namespace: 'courier', chartFor: (name) => name, rolloutTimeout: '5m' });
      const state = await actuator.currentState(service);
      const from = await actuator.liveVersion(service);
      expect(from).toBe(live);
      let status: Outcome['status'];
      if (strategy === 'none') {
        await actuator.rollback(canaryPlan({ service, fromVersion: from, toVersion: from, steps: [100] }));
        status = 'routed to stable';
      } else {
        const active = state.rollout.strategy === 'bluegreen' ? state.rollout.bluegreen.active : 'blue';
        const plan = planFor(strategy, { service, fromVersion: from, toVersion: version }, active);
        const abort = new AbortController();
        const promote = new AbortController();
        const caller = state.callers.find((each) => !each.namespace)?.name;
        const report = await new RolloutEngine({
          actuator: actuator.forPlan(plan),
          metrics: new PrometheusMetrics(prometheus.url),
          thresholds: DEFAULT_THRESHOLDS,
          intervalMs: INTERVAL_MS,
          maxInconclusiveWindows: 0,
          signal: abort.signal,
          promoteSignal: promote.signal,
          probes: new SimulatedProbes(sim, chartsDir, service, caller, INGRESS[api]),
          onEvent: (event) => {
            if (strategy === 'abort' && event.type === 'step-started') abort.abort();
            if (strategy === 'promote' && event.type === 'step-passed') promote.abort();
          },
        }).run(plan);
        status = report.status;
        if (status === 'promoted') {
          live = version;
          sim.recordPromotion('courier', service, version);
        }
      }
      const values = releaseStateFrom(JSON.parse(expectSuccess(await helm('get', 'values', service, '--namespace', 'courier', '--all', '--output', 'json')).stdout), service);
      outcomes.push({ strategy, version, status, live: trackSettings(values, liveTrack(values.rollout)).version });
      // Stop at the first broken invariant, so the failure names the release that broke it.
      if (sim.violations().length > 0) break;
    }
  } finally {
    await prometheus.close();
  }
  return { outcomes, sim };
}

const versionOf = (index: number) => `v1.${index}.0`;

/**
 * Where requests from outside enter: Istio's ingress gateway (installed with Istio), or the
 * gateway Istio deploys for the umbrella chart's Gateway API Gateway, `<gateway>-istio`.
 */
const INGRESS: Record<RoutingApi, { namespace: string; service: string }> = {
  istio: { namespace: 'istio-ingress', service: 'istio-ingressgateway' },
  'gateway-api': { namespace: 'courier', service: 'courier-gateway-istio' },
};

function planFor(strategy: Exclude<Strategy, 'none'>, common: { service: string; fromVersion: string; toVersion: string }, active: 'blue' | 'green'): RolloutPlan {
  switch (strategy) {
    case 'canary':
    case 'abort':
    case 'rollback':
      return canaryPlan({ ...common, steps: [25, 100] });
    case 'promote':
      // Promoted on request after the first step passed: the 100% step never runs.
      return canaryPlan({ ...common, steps: [10, 100] });
    case 'bluegreen':
      return blueGreenPlan({ ...common, active });
    case 'mirror':
      return mirrorPlan({ ...common, percent: 100 });
    case 'ab':
      return abPlan({ ...common, header: 'x-courier-cohort=beta' });
  }
}

/** What each strategy must end in. */
const EXPECTED: Record<Strategy, Outcome['status']> = {
  none: 'routed to stable',
  canary: 'promoted',
  bluegreen: 'promoted',
  mirror: 'promoted',
  ab: 'promoted',
  abort: 'aborted',
  rollback: 'rolled-back',
  promote: 'promoted',
};

describe('release sequences on the simulated cluster: every strategy after every other, per service', () => {
  it('covers every ordered pair of strategies in one sequence of 65 releases', () => {
    const pairs = new Set(SEQUENCE.slice(1).map((strategy, index) => `${SEQUENCE[index]}>${strategy}`));
    expect(SEQUENCE).toHaveLength(65);
    expect(pairs.size).toBe(STRATEGIES.length ** 2);
  });

  // Both routing APIs, each service on its own simulated cluster, all at once: the renders are helm
  // child processes, so the two cores work in parallel.
  const RUNS = ROUTING_APIS.flatMap((api) => SERVICES.map((service) => ({ api, service })));
  let sequences: Awaited<ReturnType<typeof releaseSequence>>[];
  beforeAll(async () => {
    sequences = await Promise.all(RUNS.map(({ api, service }) => releaseSequence(service, api)));
  }, 600_000);
  afterAll(async () => {
    await Promise.all((sequences ?? []).map(({ sim }) => sim.close()));
  });

  it.each(RUNS.map(({ api, service }, index) => [service, api, index] as const))('%s on %s: 65 releases from a fresh install, each ending as its strategy says, with 0 invariant violations', (service, api, index) => {
    const { outcomes, sim } = sequences[index];
    // The routes really are the API's: HTTPRoutes and no VirtualService, or the other way round.
    const kinds = new Set(Object.values(sim.current.objects).filter((object) => object.metadata.name === service).map((object) => object.kind));
    expect({ HTTPRoute: kinds.has('HTTPRoute'), VirtualService: kinds.has('VirtualService') }).toEqual({ HTTPRoute: api === 'gateway-api', VirtualService: api === 'istio' });
    expect(sim.violations()).toEqual([]);
    expect(outcomes).toHaveLength(SEQUENCE.length);
    let live = FIRST_VERSION;
    for (const outcome of outcomes) {
      expect({ strategy: outcome.strategy, status: outcome.status }).toEqual({ strategy: outcome.strategy, status: EXPECTED[outcome.strategy] });
      if (outcome.status === 'promoted') live = outcome.version;
      expect({ strategy: outcome.strategy, version: outcome.version, live: outcome.live }).toEqual({ strategy: outcome.strategy, version: outcome.version, live });
    }
    // What runs at the end: one ready Deployment of the service, on the last promoted version's image.
    const running = Object.values(sim.current.deployments).filter((deployment) => deployment.name.startsWith(`${service}-`) && deployment.ready);
    expect(running.map((deployment) => deployment.running?.images.join())).toEqual([expect.stringMatching(new RegExp(`:${live.replace(/\./g, '\\.')}$`))]);
  });
});
