import { countBy, MeshHarness, workloadOf } from './support/mesh-harness';
import { parseSamples, sumWhere } from './support/prometheus-samples';
import { TestUpstream, unreachableUrl } from './support/test-upstream';
import { deliveryRoutes, deliveryVirtualService, workloadFor } from './support/workloads';

const CANARY_ONLY = deliveryRoutes(`
    - match: [{ uri: { prefix: /missing-subset } }]
      route: [{ destination: { host: delivery, subset: preview } }]
    - route: [{ destination: { host: delivery, subset: canary } }]
`);

describe('answers the mesh makes itself (Envoy local replies)', () => {
  let stable: TestUpstream;
  let harness: MeshHarness | undefined;

  beforeEach(async () => {
    stable = await TestUpstream.start('delivery-v1');
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await stable.close();
  });

  it('answers 503 "no healthy upstream" when the destination is unreachable, after the default retries', async () => {
    harness = await MeshHarness.start({
      yaml: deliveryRoutes(`
    - route: [{ destination: { host: delivery, subset: stable } }]
`),
      workloads: [{ service: 'delivery', labels: { version: 'v1', track: 'stable' }, url: await unreachableUrl() }],
    });
    const response = await harness.call('delivery', '/deliveries');
    expect(response.status).toBe(503);
    expect(response.body).toBe('no healthy upstream');
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body);
    expect(sumWhere(samples, 'istio_requests_total', { reporter: 'source', response_code: '503', response_flags: 'UF,URX' })).toBe(1);
  });

  it('answers 503 "no healthy upstream" when no workload carries the subset labels, and says why in /config', async () => {
    harness = await MeshHarness.start({ yaml: CANARY_ONLY, workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')] });
    const response = await harness.call('delivery', '/deliveries');
    expect(response).toMatchObject({ status: 503, body: 'no healthy upstream' });
    expect(stable.received).toHaveLength(0);
    const config = (await harness.admin('GET', '/config')).json() as { warnings: string[] };
    expect(config.warnings).toEqual(expect.arrayContaining([expect.stringContaining('no workload of delivery.courier.svc.cluster.local has the labels of subset "canary"')]));
  });

  it('answers 503 for a subset that no DestinationRule defines', async () => {
    harness = await MeshHarness.start({ yaml: CANARY_ONLY, workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')] });
    const response = await harness.call('delivery', '/missing-subset');
    expect(response.status).toBe(503);
    const config = (await harness.admin('GET', '/config')).json() as { warnings: string[] };
    expect(config.warnings).toEqual(expect.arrayContaining([expect.stringContaining('subset "preview" of delivery.courier.svc.cluster.local is defined by no DestinationRule')]));
  });

  it('answers 503 with Envoy\'s reset message when the upstream drops the connection before answering', async () => {
    stable.respondWith((_request, response) => {
      response.socket?.destroy();
    });
    harness = await MeshHarness.start({ yaml: '', workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')] });
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(503);
    expect(response.body).toMatch(/^upstream connect error or disconnect\/reset before headers/);
    // Istio's default policy does not retry a reset.
    expect(stable.received).toHaveLength(1);
  });

  it('routes a service that no VirtualService covers to all of its workloads (Istio default route)', async () => {
    const second = await TestUpstream.start('delivery-v2');
    try {
      harness = await MeshHarness.start({
        yaml: '',
        workloads: [workloadFor(stable, 'delivery', 'v1', 'stable'), workloadFor(second, 'delivery', 'v2', 'canary')],
      });
      const counts = countBy(await harness.callMany(40, 'delivery', '/', {}, 1), workloadOf);
      expect(counts).toEqual({ 'delivery-v1': 20, 'delivery-v2': 20 });
    } finally {
      await second.close();
    }
  });

  it('answers a directResponse without calling any workload', async () => {
    harness = await MeshHarness.start({
      yaml: deliveryVirtualService(`    - match: [{ uri: { exact: /maintenance } }]
      directResponse: { status: 503, body: { string: "down for maintenance" } }
    - route: [{ destination: { host: delivery } }]
`),
      workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')],
    });
    expect(await harness.call('delivery', '/maintenance')).toMatchObject({ status: 503, body: 'down for maintenance' });
    expect((await harness.call('delivery', '/other')).status).toBe(200);
    expect(stable.received).toHaveLength(1);
  });
});
