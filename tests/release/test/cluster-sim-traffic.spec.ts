import { PrometheusMetrics } from '../../../tools/rollout/src/metrics/prometheus-metrics';
import type { ToolReply } from '../src/cluster-sim';
import { closeSimulators, expectSuccess, forwardedUrl, harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';


/** delivery at v1.0.0 with a v1.1.0 canary at `weight` (created at 0 first: make-before-break). */
async function deliveryCanary(run: (...args: string[]) => Promise<ToolReply>, weight: number): Promise<void> {
  expectSuccess(await run(...installArgs('delivery', 'v1.0.0')));
  for (const w of [0, weight]) {
    expectSuccess(await run('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set-string', 'rollout.strategy=canary,tracks.canary.version=v1.1.0,tracks.canary.tag=v1.1.0', '--set', `rollout.canary.weight=${w}`, '--wait'));
  }
}

describe('cluster simulator: port-forward and probe traffic', () => {
  afterEach(closeSimulators);

  it('Prometheus answers the analysis queries: numbers for a routed version, an empty vector for an unrouted one', async () => {
    const { sim, helm, kubectl } = harness({ badVersions: ['v1.1.0'] });
    prepareNamespace(sim);
    sim.seedObservability();
    await deliveryCanary(helm, 10);
    const forward = await kubectl('port-forward', '--namespace', 'observability', 'svc/prometheus-server', ':80', '--address', '127.0.0.1');
    expect(forward.stdout).toMatch(/^Forwarding from 127\.0\.0\.1:\d+ -> 9090\n$/);
    const prometheus = new PrometheusMetrics(forwardedUrl(forward));

    expect(await prometheus.measure({ service: 'delivery', version: 'v1.0.0' }, 60)).toEqual({ requests: 600, successRate: 1, p99Ms: 25 });
    expect(await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 60)).toEqual({ requests: 600, successRate: 0.8, p99Ms: 400 });
    const unrouted = await prometheus.measure({ service: 'delivery', version: 'v9.9.9' }, 60);
    expect(unrouted.requests).toBe(0);
    expect(unrouted.successRate).toBeNaN();
    const raw = await (await fetch(`${forwardedUrl(forward)}/api/v1/query?query=${encodeURIComponent('sum(increase(istio_requests_total{destination_service_name="users",destination_version="v1",reporter="destination"}[60s]))')}`)).json();
    expect(raw).toEqual({ status: 'success', data: { resultType: 'vector', result: [] } });

    await forward.hold?.close();
    await expect(prometheus.measure({ service: 'delivery', version: 'v1.0.0' }, 60)).rejects.toThrow(/unreachable/);
  });

  it("a release's Service answers /healthz and /readyz 200 once a Deployment behind it is ready, 503 before", async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('users', 'v1.0.0').filter((arg) => arg !== '--wait')));
    const forward = await kubectl('-n', 'courier', 'port-forward', 'svc/users', ':8080');
    expect(forward.stdout).toMatch(/-> 8080\n$/);
    const url = forwardedUrl(forward);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expectSuccess(await kubectl('-n', 'courier', 'wait', 'deployment', '-l', 'app=users', '--for=condition=Available', '--timeout=180s'));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await kubectl('-n', 'courier', 'port-forward', 'svc/absent', ':8080')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): services "absent" not found\n' });
  });

  it("a probe exec'd from a meshed caller sends traffic down the header route only while it runs", async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    sim.seedObservability();
    expectSuccess(await helm(...installArgs('web', 'v1.0.0')));
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
    // A/B: requests with x-courier-cohort: beta go to the canary, others stay on stable (weight 0).
    expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set-string', 'rollout.strategy=canary,tracks.canary.version=v1.1.0,tracks.canary.tag=v1.1.0', '--set', 'rollout.canary.weight=0', '--wait'));
    expectSuccess(await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reset-then-reuse-values', '--set-json', 'rollout.match=[{"header":"x-courier-cohort","exact":"beta","track":"canary"}]', '--wait'));
    const prometheus = new PrometheusMetrics(forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80')));
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);

    const probe = await kubectl('exec', '--namespace', 'courier', 'deploy/web-stable', '-c', 'web', '--', 'node', '-e', 'loop()', 'http://delivery:8080/api/deliveries', 'x-courier-cohort', 'beta', '10', '30');
    expect(probe).toMatchObject({ code: 0, hold: expect.anything() });
    expect(sim.current.probes).toEqual([expect.objectContaining({ via: 'mesh', namespace: 'courier', host: 'delivery', header: 'x-courier-cohort', value: 'beta' })]);
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(600);
    await probe.hold?.close();
    expect(sim.current.probes).toEqual([]);
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);

    expect(await kubectl('exec', '-n', 'courier', 'deploy/users-stable', '-c', 'users', '--', 'node', '-e', 'loop()', 'http://delivery:8080/', 'h', 'v', '1', '1')).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): deployments.apps "users-stable" not found\n',
    });
    expect(sim.violations()).toEqual([]);
  });

  it('a probe needs a ready caller, and from a caller without a sidecar it reaches no header route', async () => {
    const { sim, helm, kubectl } = harness();
    sim.seedNamespace('plain');
    sim.seedSecret('plain', 'courier-database', { DATABASE_URL: 'postgresql://plain' });
    expectSuccess(await helm(...installArgs('web', 'v1.0.0', 'plain').filter((arg) => arg !== '--wait')));
    const probeArgs = ['exec', '-n', 'plain', 'deploy/web-stable', '-c', 'web', '--', 'node', '-e', 'loop()', 'http://delivery:8080/', 'x-courier-cohort', 'beta', '10', '30'];
    expect(await kubectl(...probeArgs)).toMatchObject({ code: 1, stderr: 'error: unable to upgrade connection: container not found ("web")\n' });
    expectSuccess(await kubectl('rollout', 'status', 'deployment/web-stable', '-n', 'plain'));
    const probe = expectSuccess(await kubectl(...probeArgs));
    expect(probe.hold).toBeDefined();
    expect(sim.current.probes).toEqual([]);
  });

  it('the ingress gateway routes by web\'s ingress VirtualService, and a header request there is probe traffic', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    sim.seedIngressGateway();
    sim.seedObservability();
    expectSuccess(await helm('upgrade', '--install', 'courier', 'courier', '-n', 'courier'));
    expectSuccess(await helm(...installArgs('web', 'v1.0.0')));
    // Blue/green with the preview on: x-courier-preview: true reaches the inactive colour.
    expectSuccess(await helm('upgrade', 'web', 'web', '-n', 'courier', '--reset-then-reuse-values', '--set-string', 'tracks.blue.version=v1.0.0,tracks.green.version=v1.1.0,tracks.green.tag=v1.1.0', '--set-json', 'rollout.warm=["blue","green"]', '--wait'));
    // Make before break: blue and green run (warm) before the switch, stable stays warm until no route uses it.
    expectSuccess(await helm('upgrade', 'web', 'web', '-n', 'courier', '--reset-then-reuse-values', '--set', 'rollout.strategy=bluegreen,rollout.bluegreen.active=blue,rollout.bluegreen.preview=true', '--set-json', 'rollout.warm=["stable"]', '--wait'));
    expectSuccess(await helm('upgrade', 'web', 'web', '-n', 'courier', '--reset-then-reuse-values', '--set-json', 'rollout.warm=[]', '--wait'));
    expect(sim.current.deployments['courier/web-stable']).toBeUndefined();
    const gateway = forwardedUrl(await kubectl('port-forward', '-n', 'istio-ingress', 'svc/istio-ingressgateway', ':80'));
    const prometheus = new PrometheusMetrics(forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80')));

    const live = await fetch(`${gateway}/`, { headers: { host: 'courier.example.com' } });
    expect(live.status).toBe(200);
    expect(live.headers.get('x-served-by')).toBe('web/v1.0.0');
    expect((await prometheus.measure({ service: 'web', version: 'v1.1.0' }, 30)).requests).toBe(0);
    const preview = await fetch(`${gateway}/api/deliveries`, { headers: { 'x-courier-preview': 'true' } });
    expect(preview.headers.get('x-served-by')).toBe('web/v1.1.0');
    expect((await prometheus.measure({ service: 'web', version: 'v1.1.0' }, 30)).requests).toBe(600);
    expect(sim.violations()).toEqual([]);
  });
});
