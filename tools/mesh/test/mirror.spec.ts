import { setTimeout as sleep } from 'node:timers/promises';
import { expectBinomial } from './support/binomial';
import { MeshHarness, workloadOf } from './support/mesh-harness';
import { settled } from './support/settled';
import { respondJson, TestUpstream, unreachableUrl } from './support/test-upstream';
import { deliveryRoutes, workloadFor } from './support/workloads';

function mirrorRoute(percentage: string): string {
  return deliveryRoutes(`
    - route: [{ destination: { host: delivery, subset: stable }, weight: 100 }]
      mirror: { host: delivery, subset: canary }
${percentage}
`);
}

describe('mirror with mirrorPercentage', () => {
  let stable: TestUpstream;
  let shadow: TestUpstream;
  let harness: MeshHarness | undefined;

  beforeEach(async () => {
    stable = await TestUpstream.start('delivery-v1');
    shadow = await TestUpstream.start('delivery-v2');
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await Promise.all([stable.close(), shadow.close()]);
  });

  const workloads = () => [workloadFor(stable, 'delivery', 'v1', 'stable'), workloadFor(shadow, 'delivery', 'v2', 'canary')];

  it('copies requests at the configured percentage (1000 requests at 30%)', async () => {
    harness = await MeshHarness.start({ yaml: mirrorRoute('      mirrorPercentage: { value: 30 }'), workloads: workloads() });
    const responses = await harness.callMany(1000, 'delivery', '/deliveries');
    expect(responses.every((response) => workloadOf(response) === 'delivery-v1')).toBe(true);
    expect(stable.received).toHaveLength(1000);
    expectBinomial(await settled(() => shadow.received.length), 1000, 0.3);
  });

  it('mirrors every request when mirrorPercentage is absent, and none at 0%', async () => {
    harness = await MeshHarness.start({ yaml: mirrorRoute(''), workloads: workloads() });
    await harness.callMany(50, 'delivery', '/');
    expect(await settled(() => shadow.received.length)).toBe(50);
    await harness.stop();

    harness = await MeshHarness.start({ yaml: mirrorRoute('      mirrorPercentage: { value: 0 }'), workloads: workloads() });
    const before = shadow.received.length;
    await harness.callMany(50, 'delivery', '/');
    expect(await settled(() => shadow.received.length)).toBe(before);
  });

  it('suffixes the authority with -shadow before the port, exactly as Envoy does', async () => {
    harness = await MeshHarness.start({ yaml: mirrorRoute(''), workloads: workloads() });
    await harness.call('delivery', '/a', { headers: { host: 'delivery:8080' } });
    await harness.call('delivery', '/b', { headers: { host: 'delivery' } });
    await harness.call('delivery', '/c', { headers: { host: 'delivery.courier.svc.cluster.local' } });
    await settled(() => shadow.received.length);
    const hostOf = (path: string) => shadow.received.find((request) => request.url === path)?.headers.host;
    expect(hostOf('/a')).toBe('delivery-shadow:8080');
    expect(hostOf('/b')).toBe('delivery-shadow');
    expect(hostOf('/c')).toBe('delivery.courier.svc.cluster.local-shadow');
    // The primary keeps the original authority.
    expect(stable.received.find((request) => request.url === '/a')?.headers.host).toBe('delivery:8080');
  });

  it('sends the shadow the same method, path, body and trace headers', async () => {
    harness = await MeshHarness.start({ yaml: mirrorRoute(''), workloads: workloads() });
    await harness.call('delivery', '/deliveries?x=1', {
      method: 'POST',
      body: '{"item":"parcel"}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
    });
    await settled(() => shadow.received.length);
    const [primary] = stable.received;
    const [copy] = shadow.received;
    expect(copy).toMatchObject({ method: 'POST', url: '/deliveries?x=1', body: '{"item":"parcel"}' });
    expect(copy.headers['idempotency-key']).toBe('k-1');
    expect(copy.headers.traceparent).toBe(primary.headers.traceparent);
    expect(copy.headers['x-request-id']).toBe(primary.headers['x-request-id']);
  });

  it('ignores the shadow response: a slow failing mirror neither delays nor changes the primary', async () => {
    shadow.respondWith(async (_request, response) => {
      await sleep(1500);
      respondJson(response, 500, { workload: 'delivery-v2', error: 'boom' });
    });
    harness = await MeshHarness.start({ yaml: mirrorRoute(''), workloads: workloads() });
    const responses = await harness.callMany(20, 'delivery', '/deliveries', {}, 4);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(workloadOf(response)).toBe('delivery-v1');
      expect(response.elapsedMs).toBeLessThan(1000);
    }
    expect(await settled(() => shadow.received.length)).toBe(20);
  });

  it('keeps serving the primary when the mirror target is unreachable', async () => {
    harness = await MeshHarness.start({
      yaml: mirrorRoute(''),
      workloads: [workloadFor(stable, 'delivery', 'v1', 'stable'), { service: 'delivery', labels: { version: 'v2', track: 'canary' }, url: await unreachableUrl() }],
    });
    const responses = await harness.callMany(20, 'delivery', '/');
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
  });

  it('reports shadow traffic separately in /stats', async () => {
    harness = await MeshHarness.start({ yaml: mirrorRoute(''), workloads: workloads() });
    await harness.callMany(10, 'delivery', '/');
    await settled(() => shadow.received.length);
    const stats = (await harness.admin('GET', '/stats')).json() as { destinations: Array<{ version: string; traffic: string; window: { requests: number } }> };
    const find = (version: string, traffic: string) => stats.destinations.find((entry) => entry.version === version && entry.traffic === traffic);
    expect(find('v1', 'primary')?.window.requests).toBe(10);
    expect(find('v2', 'mirror')?.window.requests).toBe(10);
    expect(find('v2', 'primary')).toBeUndefined();
  });
});
