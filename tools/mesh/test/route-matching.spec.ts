import { MeshHarness, workloadOf } from './support/mesh-harness';
import { type TestUpstream } from './support/test-upstream';
import { deliveryRoutes, deliveryWorkloads, startDeliveryTracks, trackSubsets, workloadFor } from './support/workloads';

/** Rules in Istio's order of evaluation: the first rule whose match list matches wins. */
const RULES = deliveryRoutes(`
    - name: preview-header
      match:
        - headers: { x-canary: { exact: "true" } }
      route: [{ destination: { host: delivery, subset: canary } }]
    - name: beta-users-on-writes
      match:
        # Entries are ORed; the conditions inside one entry are ANDed.
        - method: { exact: POST }
          headers: { x-user-group: { prefix: beta } }
        - queryParams: { variant: { exact: v2 } }
      route: [{ destination: { host: delivery, subset: canary } }]
    - name: eta-endpoint-regex
      match:
        - uri: { regex: "/deliveries/[0-9]+/eta" }
      route: [{ destination: { host: delivery, subset: canary } }]
    - name: exact-path
      match:
        - uri: { exact: /v2 }
      route: [{ destination: { host: delivery, subset: canary } }]
    - name: prefix-and-not-header
      match:
        - uri: { prefix: /preview }
          withoutHeaders: { x-stay-stable: {} }
      route: [{ destination: { host: delivery, subset: canary } }]
    - name: weighted-default
      route:
        - destination: { host: delivery, subset: stable }
          weight: 100
        - destination: { host: delivery, subset: canary }
          weight: 0
`);

describe('http[].match, evaluated in rule order', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness;

  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks());
    harness = await MeshHarness.start({
      yaml: RULES,
      workloads: deliveryWorkloads(stable, canary),
    });
  });
  afterAll(async () => {
    await harness.stop();
    await Promise.all([stable.close(), canary.close()]);
  });

  const answeredBy = async (path: string, init: Parameters<MeshHarness['call']>[2] = {}) => workloadOf(await harness.call('delivery', path, init));

  it('a header match wins over the weighted default that follows it, for every request', async () => {
    const responses = await harness.callMany(200, 'delivery', '/deliveries', { headers: { 'x-canary': 'true' } });
    expect(new Set(responses.map(workloadOf))).toEqual(new Set(['delivery-v2']));
    expect(await answeredBy('/deliveries', { headers: { 'x-canary': 'false' } })).toBe('delivery-v1');
    expect(await answeredBy('/deliveries')).toBe('delivery-v1');
  });

  it('matches header names case-insensitively and values exactly', async () => {
    expect(await answeredBy('/', { headers: { 'X-Canary': 'true' } })).toBe('delivery-v2');
    expect(await answeredBy('/', { headers: { 'x-canary': 'TRUE' } })).toBe('delivery-v1');
  });

  it('ANDs the conditions of one match entry (method and header prefix)', async () => {
    expect(await answeredBy('/deliveries', { method: 'POST', headers: { 'x-user-group': 'beta-testers', 'content-type': 'application/json' }, body: '{}' })).toBe('delivery-v2');
    expect(await answeredBy('/deliveries', { method: 'GET', headers: { 'x-user-group': 'beta-testers' } })).toBe('delivery-v1');
    expect(await answeredBy('/deliveries', { method: 'POST', headers: { 'x-user-group': 'alpha', 'content-type': 'application/json' }, body: '{}' })).toBe('delivery-v1');
  });

  it('ORs the entries of a match list (a query parameter alone also matches)', async () => {
    expect(await answeredBy('/deliveries?variant=v2')).toBe('delivery-v2');
    expect(await answeredBy('/deliveries?variant=v22')).toBe('delivery-v1');
  });

  it('matches uri regex against the whole path, without the query string (Envoy full match)', async () => {
    expect(await answeredBy('/deliveries/42/eta')).toBe('delivery-v2');
    expect(await answeredBy('/deliveries/42/eta?units=min')).toBe('delivery-v2');
    expect(await answeredBy('/deliveries/42/eta/history')).toBe('delivery-v1');
    expect(await answeredBy('/api/deliveries/42/eta')).toBe('delivery-v1');
    expect(await answeredBy('/deliveries/abc/eta')).toBe('delivery-v1');
  });

  it('matches uri exact only on the exact path, and uri prefix on the beginning', async () => {
    expect(await answeredBy('/v2')).toBe('delivery-v2');
    expect(await answeredBy('/v2?x=1')).toBe('delivery-v2');
    expect(await answeredBy('/v2/')).toBe('delivery-v1');
    expect(await answeredBy('/preview/page')).toBe('delivery-v2');
    expect(await answeredBy('/previews')).toBe('delivery-v2');
  });

  it('honours withoutHeaders as the negation of a header match', async () => {
    expect(await answeredBy('/preview/page', { headers: { 'x-stay-stable': 'yes' } })).toBe('delivery-v1');
  });

  it('returns 404 when a VirtualService exists but no rule matches', async () => {
    const yaml = `${trackSubsets('delivery')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: delivery }
spec:
  hosts: [delivery.courier.svc.cluster.local]
  http:
    - match: [{ uri: { prefix: /deliveries } }]
      route: [{ destination: { host: delivery, subset: stable } }]
`;
    const narrow = await MeshHarness.start({ yaml, workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')] });
    try {
      expect((await narrow.call('delivery', '/deliveries/1')).status).toBe(200);
      const miss = await narrow.call('delivery', '/users');
      expect(miss.status).toBe(404);
      expect(miss.body).toBe('');
    } finally {
      await narrow.stop();
    }
  });
});
