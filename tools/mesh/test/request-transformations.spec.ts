import { MeshHarness } from './support/mesh-harness';
import { respondJson, TestUpstream } from './support/test-upstream';
import { deliveryRoutes, workloadFor } from './support/workloads';

const ROUTE = deliveryRoutes(`
    - match: [{ uri: { prefix: /api/v1/ } }]
      rewrite: { uri: /, authority: delivery.internal }
      route: [{ destination: { host: delivery, subset: stable } }]
    - headers:
        request:
          set: { x-route: default }
          add: { x-tags: mesh }
          remove: [x-secret]
        response:
          set: { x-served-by: courier-mesh }
          remove: [x-powered-by]
      route:
        - destination: { host: delivery, subset: stable }
          headers:
            request: { set: { x-subset: stable } }
`);

describe('headers and rewrite on routes', () => {
  let upstream: TestUpstream;
  let harness: MeshHarness;

  beforeAll(async () => {
    upstream = await TestUpstream.start('delivery-v1', (_request, response) => {
      response.setHeader('x-powered-by', 'nest');
      respondJson(response, 200, { workload: 'delivery-v1' });
    });
    harness = await MeshHarness.start({ yaml: ROUTE, workloads: [workloadFor(upstream, 'delivery', 'v1', 'stable')] });
  });
  afterAll(async () => {
    await harness.stop();
    await upstream.close();
  });
  beforeEach(() => upstream.received.splice(0));

  it('sets, appends and removes request headers (rule level, then destination level)', async () => {
    await harness.call('delivery', '/deliveries', { headers: { 'x-secret': 's3cret', 'x-tags': 'client', 'x-route': 'mine' } });
    expect(upstream.received[0].headers).toMatchObject({ 'x-route': 'default', 'x-tags': 'client,mesh', 'x-subset': 'stable' });
    expect(upstream.received[0].headers['x-secret']).toBeUndefined();
  });

  it('sets and removes response headers, and reports the upstream time like Envoy', async () => {
    const response = await harness.call('delivery', '/deliveries');
    expect(response.headers['x-served-by']).toBe('courier-mesh');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(Number(response.headers['x-envoy-upstream-service-time'])).toBeGreaterThanOrEqual(0);
  });

  it('rewrites the matched uri prefix and the authority, keeping the query string', async () => {
    await harness.call('delivery', '/api/v1/deliveries/7?expand=eta');
    expect(upstream.received[0].url).toBe('/deliveries/7?expand=eta');
    expect(upstream.received[0].headers.host).toBe('delivery.internal');
  });
});
