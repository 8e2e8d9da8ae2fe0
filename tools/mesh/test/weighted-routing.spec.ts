import { expectBinomial } from './support/binomial';
import { countBy, MeshHarness, workloadOf } from './support/mesh-harness';
import { TestUpstream } from './support/test-upstream';
import { deliveryRoutes, deliveryWorkloads, startDeliveryTracks, trackSubsets, workloadFor } from './support/workloads';

function canaryRoute(stableWeight: number, canaryWeight: number, apiVersion = 'networking.istio.io/v1'): string {
  return `${trackSubsets('delivery', apiVersion)}
---
apiVersion: ${apiVersion}
kind: VirtualService
metadata: { name: delivery }
spec:
  hosts: [delivery]
  http:
    - route:
        - destination: { host: delivery, subset: stable }
          weight: ${stableWeight}
        - destination: { host: delivery, subset: canary }
          weight: ${canaryWeight}
`;
}

describe('weighted destinations (route[].weight)', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness | undefined;

  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks());
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });
  afterAll(async () => {
    await Promise.all([stable.close(), canary.close()]);
  });

  const workloads = () => deliveryWorkloads(stable, canary);

  it('splits 2000 requests 70/30 within binomial tolerance, drawing per request', async () => {
    harness = await MeshHarness.start({ yaml: canaryRoute(70, 30), workloads: workloads() });
    const responses = await harness.callMany(2000, 'delivery', '/deliveries');
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const counts = countBy(responses, workloadOf);
    expectBinomial(counts['delivery-v2'] ?? 0, 2000, 0.3);
    expect((counts['delivery-v1'] ?? 0) + (counts['delivery-v2'] ?? 0)).toBe(2000);
  });

  it('splits 2000 requests 95/5 (a first canary step) within binomial tolerance', async () => {
    harness = await MeshHarness.start({ yaml: canaryRoute(95, 5), workloads: workloads() });
    const counts = countBy(await harness.callMany(2000, 'delivery', '/'), workloadOf);
    expectBinomial(counts['delivery-v2'] ?? 0, 2000, 0.05);
  });

  it('never sends traffic to a destination with weight 0', async () => {
    harness = await MeshHarness.start({ yaml: canaryRoute(100, 0), workloads: workloads() });
    const counts = countBy(await harness.callMany(300, 'delivery', '/'), workloadOf);
    expect(counts).toEqual({ 'delivery-v1': 300 });
  });

  it('gives a single destination without a weight all the traffic', async () => {
    const yaml = deliveryRoutes(`
    - route: [{ destination: { host: delivery, subset: canary } }]
`);
    harness = await MeshHarness.start({ yaml, workloads: workloads() });
    const counts = countBy(await harness.callMany(100, 'delivery', '/'), workloadOf);
    expect(counts).toEqual({ 'delivery-v2': 100 });
  });

  it('maps the random draw onto cumulative weights (injected randomness)', async () => {
    const draws = [0.0, 0.69, 0.7, 0.99];
    let index = 0;
    harness = await MeshHarness.start({ yaml: canaryRoute(70, 30), workloads: workloads(), random: () => draws[index++ % draws.length] });
    const picked = [];
    for (let call = 0; call < draws.length; call++) picked.push(workloadOf(await harness.call('delivery', '/')));
    expect(picked).toEqual(['delivery-v1', 'delivery-v1', 'delivery-v2', 'delivery-v2']);
  });

  it.each(['networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'])('applies %s objects the same way', async (apiVersion) => {
    harness = await MeshHarness.start({ yaml: canaryRoute(0, 100, apiVersion), workloads: workloads() });
    expect(workloadOf(await harness.call('delivery', '/'))).toBe('delivery-v2');
  });

  it('balances a subset with several workloads round-robin, like pods behind a cluster', async () => {
    const second = await TestUpstream.start('delivery-v1-b');
    try {
      harness = await MeshHarness.start({
        yaml: canaryRoute(100, 0),
        workloads: [...workloads(), workloadFor(second, 'delivery', 'v1', 'stable')],
      });
      const counts = countBy(await harness.callMany(100, 'delivery', '/', {}, 1), workloadOf);
      expect(counts).toEqual({ 'delivery-v1': 50, 'delivery-v1-b': 50 });
    } finally {
      await second.close();
    }
  });
});
