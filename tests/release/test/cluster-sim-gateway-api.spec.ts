import { PrometheusMetrics } from '../../../tools/rollout/src/metrics/prometheus-metrics';
import { closeSimulators, expectSuccess, forwardedUrl, harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';

/**
 * The simulator with the charts' other routing API (`routing.api=gateway-api`): HTTPRoutes whose
 * backends are per-track Services, attached to a Service (mesh traffic) or to the umbrella's Gateway
 * API Gateway (the ingress Istio deploys as `<gateway>-istio`). The invariants, probes, Prometheus and
 * the ingress must read them as they read VirtualServices.
 */
const GATEWAY_API = ['--set', 'routing.api=gateway-api'];
const upgrade = (service: string, ...args: string[]) => ['upgrade', service, service, '-n', 'courier', '--reset-then-reuse-values', ...args, '--wait'];
const canaryAt = (weight: number) => upgrade('delivery', '--set-string', 'rollout.strategy=canary,tracks.canary.version=v1.1.0,tracks.canary.tag=v1.1.0', '--set', `rollout.canary.weight=${weight}`);


describe('cluster simulator on the Gateway API', () => {
  afterEach(closeSimulators);

  it('a canary Service weighted in the same revision that creates its Deployment breaks make-before-break; weighting it after the wait does not', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0'), ...GATEWAY_API));
    expect(sim.current.objects['courier/HTTPRoute/delivery']).toBeDefined();
    expect(sim.current.objects['courier/VirtualService/delivery']).toBeUndefined();

    expectSuccess(await helm(...canaryAt(10)));
    expect(sim.violations()).toEqual([
      expect.objectContaining({
        kind: 'make-before-break',
        message: expect.stringMatching(/^HTTPRoute courier\/delivery route primary \(weight\) -> Service delivery-canary .*Deployment delivery-canary is not ready/),
      }),
    ]);

    const careful = harness();
    prepareNamespace(careful.sim);
    expectSuccess(await careful.helm(...installArgs('delivery', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await careful.helm(...canaryAt(0)));
    expectSuccess(await careful.helm(...canaryAt(10)));
    expect(careful.sim.violations()).toEqual([]);
  });

  it('dropping a weighted track in the revision that stops routing to it breaks make-before-break', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await helm(...canaryAt(0)));
    expectSuccess(await helm(...canaryAt(50)));
    expect(sim.violations()).toEqual([]);
    expectSuccess(await helm(...upgrade('delivery', '--set', 'rollout.strategy=none')));
    expect(sim.violations()).toEqual([
      expect.objectContaining({ kind: 'make-before-break', message: expect.stringMatching(/-> Service delivery-canary routed traffic in the previous state, and now /) }),
    ]);
  });

  it('a RequestMirror to a canary is traffic for Prometheus and for the migration invariant', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    sim.seedObservability();
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await helm(...upgrade('delivery', '--set-string', 'tracks.canary.version=v1.1.0,tracks.canary.tag=v1.1.0', '--set-json', 'rollout.warm=["canary"]')));
    const prometheus = new PrometheusMetrics(forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80')));
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);
    expectSuccess(await helm(...upgrade('delivery', '--set', 'rollout.strategy=mirror,rollout.mirror.percent=100', '--set-json', 'rollout.warm=[]')));
    const mirror = sim.current.objects['courier/HTTPRoute/delivery'];
    expect(JSON.stringify(mirror.spec)).toContain('"RequestMirror"');
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(600);
    expect(sim.violations()).toEqual([]);
  });

  it("a probe exec'd from a meshed caller takes the HTTPRoute's header rule only while it runs", async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    sim.seedObservability();
    expectSuccess(await helm(...installArgs('web', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await helm(...canaryAt(0)));
    expectSuccess(await helm(...upgrade('delivery', '--set-json', 'rollout.match=[{"header":"x-courier-cohort","exact":"beta","track":"canary"}]')));
    const prometheus = new PrometheusMetrics(forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80')));
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);

    // The header must be the one the rule matches: another value takes the rule everyone gets.
    const other = expectSuccess(await kubectl('exec', '-n', 'courier', 'deploy/web-stable', '-c', 'web', '--', 'node', '-e', 'loop()', 'http://delivery:8080/api/deliveries', 'x-courier-cohort', 'alpha', '10', '30'));
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);
    await other.hold?.close();
    const probe = expectSuccess(await kubectl('exec', '-n', 'courier', 'deploy/web-stable', '-c', 'web', '--', 'node', '-e', 'loop()', 'http://delivery:8080/api/deliveries', 'x-courier-cohort', 'beta', '10', '30'));
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(600);
    await probe.hold?.close();
    expect((await prometheus.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(0);
    expect(sim.violations()).toEqual([]);
  });

  it("the Gateway gets the Service Istio deploys for it, which routes by web's HTTPRoute: weights, the preview header, public paths only", async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    sim.seedObservability();
    expectSuccess(await helm('upgrade', '--install', 'courier', 'courier', '-n', 'courier', ...GATEWAY_API));
    expect(sim.current.objects['courier/Service/courier-gateway-istio']).toMatchObject({ metadata: { labels: { 'gateway.networking.k8s.io/gateway-name': 'courier-gateway' } } });
    expectSuccess(await helm(...installArgs('web', 'v1.0.0'), ...GATEWAY_API));
    expectSuccess(await helm(...upgrade('web', '--set-string', 'tracks.blue.version=v1.0.0,tracks.green.version=v1.1.0,tracks.green.tag=v1.1.0', '--set-json', 'rollout.warm=["blue","green"]')));
    expectSuccess(await helm(...upgrade('web', '--set', 'rollout.strategy=bluegreen,rollout.bluegreen.active=blue,rollout.bluegreen.preview=true', '--set-json', 'rollout.warm=["stable"]')));
    expectSuccess(await helm(...upgrade('web', '--set-json', 'rollout.warm=[]')));
    const gateway = forwardedUrl(await kubectl('port-forward', '-n', 'courier', 'svc/courier-gateway-istio', ':80'));
    const prometheus = new PrometheusMetrics(forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80')));

    const live = await fetch(`${gateway}/`, { headers: { host: 'courier.example.com' } });
    expect(live.headers.get('x-served-by')).toBe('web/v1.0.0');
    expect((await fetch(`${gateway}/healthz`)).status).toBe(404);
    expect((await prometheus.measure({ service: 'web', version: 'v1.1.0' }, 30)).requests).toBe(0);
    const preview = await fetch(`${gateway}/api/deliveries`, { headers: { 'x-courier-preview': 'true' } });
    expect(preview.headers.get('x-served-by')).toBe('web/v1.1.0');
    expect((await prometheus.measure({ service: 'web', version: 'v1.1.0' }, 30)).requests).toBe(600);
    // Istio's ingress gateway is not installed here: only the Gateway's own Service routes.
    expect((await kubectl('port-forward', '-n', 'istio-ingress', 'svc/istio-ingressgateway', ':80')).code).toBe(1);

    expectSuccess(await helm('uninstall', 'courier', '-n', 'courier'));
    expect(sim.current.objects['courier/Service/courier-gateway-istio']).toBeUndefined();
    expect(sim.violations()).toEqual([]);
  });

  it('in an ambient namespace, the waypoint reports the requests and no sidecar does; a probe from a caller reaches the header rule through the waypoint', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim, 'courier', 'ambient');
    sim.seedObservability();
    const ambient = [...GATEWAY_API, '--set', 'mesh.mode=ambient'];
    expectSuccess(await helm(...installArgs('web', 'v1.0.0'), ...ambient));
    expectSuccess(await helm(...installArgs('delivery', 'v1.0.0'), ...ambient));
    expect(sim.violations()).toEqual([]);
    const prometheusUrl = forwardedUrl(await kubectl('port-forward', '-n', 'observability', 'svc/prometheus-server', ':80'));
    const byWaypoint = new PrometheusMetrics(prometheusUrl, undefined, 'waypoint');
    const bySidecar = new PrometheusMetrics(prometheusUrl);
    expect((await byWaypoint.measure({ service: 'delivery', version: 'v1.0.0' }, 30)).requests).toBe(600);
    expect((await bySidecar.measure({ service: 'delivery', version: 'v1.0.0' }, 30)).requests).toBe(0);

    expectSuccess(await helm(...canaryAt(0)));
    expectSuccess(await helm(...upgrade('delivery', '--set-json', 'rollout.match=[{"header":"x-courier-cohort","exact":"beta","track":"canary"}]')));
    const probe = expectSuccess(await kubectl('exec', '-n', 'courier', 'deploy/web-stable', '-c', 'web', '--', 'node', '-e', 'loop()', 'http://delivery:8080/api/deliveries', 'x-courier-cohort', 'beta', '10', '30'));
    expect((await byWaypoint.measure({ service: 'delivery', version: 'v1.1.0' }, 30)).requests).toBe(600);
    await probe.hold?.close();
    expect(sim.violations()).toEqual([]);
  });
});
