import { MeshHarness } from './support/mesh-harness';
import { parseSamples } from './support/prometheus-samples';
import { type TestUpstream } from './support/test-upstream';
import { deliveryRoutes, deliveryWorkloads, startDeliveryTracks } from './support/workloads';

const canaryAt = (weight: number, mirror = '') =>
  deliveryRoutes(`    - match: [{ headers: { x-preview: { exact: "1" } } }]
      route: [{ destination: { host: delivery, subset: canary } }]
    - route:
        - { destination: { host: delivery, subset: stable }, weight: ${100 - weight} }
        - { destination: { host: delivery, subset: canary }, weight: ${weight} }
${mirror}`);

describe('courier_mesh_route_weight', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness;
  const weights = async () =>
    parseSamples((await harness.admin('GET', '/metrics')).body)
      .filter((sample) => sample.name === 'courier_mesh_route_weight')
      .map((sample) => [sample.labels.destination_version, sample.labels.mirror, sample.value]);

  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks());
    harness = await MeshHarness.start({ yaml: canaryAt(10), workloads: deliveryWorkloads(stable, canary) });
  });
  afterAll(async () => {
    await harness.stop();
    await stable.close();
    await canary.close();
  });

  it("reports the default route's weights per version, ignoring header-matched rules", async () => {
    expect(await weights()).toEqual([['v1', 'false', 90], ['v2', 'false', 10]]);
  });

  it('follows a reload, as a rollout step changes the weights', async () => {
    harness.mesh.applyObjectsText(canaryAt(50));
    expect(await weights()).toEqual([['v1', 'false', 50], ['v2', 'false', 50]]);
  });

  it('reports mirror percentages as mirror="true"', async () => {
    harness.mesh.applyObjectsText(canaryAt(0, '      mirror: { host: delivery, subset: canary }\n      mirrorPercentage: { value: 25 }'));
    expect(await weights()).toEqual([['v1', 'false', 100], ['v2', 'false', 0], ['v2', 'true', 25]]);
  });
});
