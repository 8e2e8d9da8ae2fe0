import { setTimeout as sleep } from 'node:timers/promises';
import { parseObjects } from '../src';
import { countBy, HARNESS_ADMIN_TOKEN, MeshHarness, type MeshResponse, workloadOf } from './support/mesh-harness';
import { respondJson, type TestUpstream } from './support/test-upstream';
import { deliveryRoutedTo, deliveryVirtualService, deliveryWorkloads, startDeliveryTracks, workloadFor } from './support/workloads';

describe('atomic config reload', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness;

  beforeEach(async () => {
    ({ stable, canary } = await startDeliveryTracks());
    harness = await MeshHarness.start({
      yaml: deliveryRoutedTo('stable'),
      workloads: deliveryWorkloads(stable, canary),
    });
  });
  afterEach(async () => {
    await harness.stop();
    await Promise.all([stable.close(), canary.close()]);
  });

  it('loses no request while the routing flips back and forth under load', async () => {
    const responses: MeshResponse[] = [];
    const failures: string[] = [];
    let loading = true;
    const load = Array.from({ length: 16 }, async () => {
      while (loading) {
        try {
          responses.push(await harness.call('delivery', '/deliveries', { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } }));
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    const versions: number[] = [];
    for (let flip = 0; flip < 30; flip++) {
      const reply = await harness.admin('PUT', '/config', deliveryRoutedTo(flip % 2 === 0 ? 'canary' : 'stable'));
      expect(reply.status).toBe(200);
      versions.push((reply.json() as { version: number }).version);
      await sleep(40);
    }
    loading = false;
    await Promise.all(load);

    expect(failures).toEqual([]);
    expect(responses.length).toBeGreaterThan(200);
    expect(responses.filter((response) => response.status !== 200)).toEqual([]);
    expect(Object.keys(countBy(responses, workloadOf)).sort()).toEqual(['delivery-v1', 'delivery-v2']);
    expect(versions).toEqual(Array.from({ length: 30 }, (_, index) => index + 2));
  });

  it('lets a request in flight finish on the table and workload it started with', async () => {
    stable.respondWith(async (_request, response) => {
      await sleep(400);
      respondJson(response, 200, { workload: 'delivery-v1' });
    });
    const inFlight = harness.call('delivery', '/slow');
    await sleep(50);
    expect((await harness.admin('PUT', '/workloads', JSON.stringify([workloadFor(canary, 'delivery', 'v2', 'canary')]), 'application/json')).status).toBe(200);
    expect((await harness.admin('PUT', '/config', deliveryRoutedTo('canary'))).status).toBe(200);

    expect(workloadOf(await harness.call('delivery', '/fast'))).toBe('delivery-v2');
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(workloadOf(slow)).toBe('delivery-v1');
  });

  it('swaps objects and workloads together in one step from code', async () => {
    const before = harness.mesh.routingTable.version;
    const result = harness.mesh.apply({ objects: parseObjects(deliveryRoutedTo('canary')), workloads: [workloadFor(canary, 'delivery', 'v2', 'canary')] });
    expect(result).toEqual({ version: before + 1, warnings: [] });
    expect(workloadOf(await harness.call('delivery', '/'))).toBe('delivery-v2');
  });

  it('refuses a routing change sent as text/plain (a cross-site page can send that) and keeps routing as it was', async () => {
    const before = (await harness.admin('GET', '/config')).json() as { version: number };
    const reply = await harness.admin('PUT', '/config', deliveryRoutedTo('canary'), 'text/plain');
    expect(reply.status).toBe(415);
    expect((reply.json() as { detail: string }).detail).toMatch(/^content-type: send the body as application\/json/);
    expect(((await harness.admin('GET', '/config')).json() as { version: number }).version).toBe(before.version);
    expect(workloadOf(await harness.call('delivery', '/deliveries'))).toBe('delivery-v1');
  });

  it('refuses a routing change without the admin token, or with another, and keeps routing as it was', async () => {
    const before = (await harness.admin('GET', '/config', undefined, undefined, null)).json() as { version: number };
    for (const token of [null, 'not-the-token', `${HARNESS_ADMIN_TOKEN}x`]) {
      const reply = await harness.admin('PUT', '/config', deliveryRoutedTo('canary'), 'application/yaml', token);
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer realm="courier-mesh"');
      expect((reply.json() as { detail: string }).detail).toMatch(/^authorization: send "Authorization: Bearer <token>"/);
    }
    expect((await harness.admin('PUT', '/workloads', '[]', 'application/json', null)).status).toBe(401);
    expect(((await harness.admin('GET', '/config')).json() as { version: number }).version).toBe(before.version);
    expect(workloadOf(await harness.call('delivery', '/deliveries'))).toBe('delivery-v1');
    expect((await harness.admin('PUT', '/config', deliveryRoutedTo('canary'))).status).toBe(200);
    expect(workloadOf(await harness.call('delivery', '/deliveries'))).toBe('delivery-v2');
  });

  it('rejects invalid objects with every problem listed and keeps routing as it was', async () => {
    const invalid = deliveryVirtualService(`    - match: [{ uri: { regex: "/(?!admin).*" } }]
      route: [{ destination: { host: delivery, subset: canary }, weight: 50.5 }, { destination: { host: delivery, subset: stable } }]
    - timeout: soon
      route: [{ destination: { host: delivery } }]
`);
    const before = (await harness.admin('GET', '/config')).json() as { version: number };
    const reply = await harness.admin('PUT', '/config', invalid);
    expect(reply.status).toBe(400);
    const problem = reply.json() as { title: string; errors: string[] };
    expect(problem.title).toBe('Invalid routing configuration');
    expect(problem.errors).toEqual([
      expect.stringMatching(/is not valid RE2 \(Envoy\): error parsing regexp: invalid or unsupported Perl syntax: `\(\?!`/),
      expect.stringContaining('"soon" is not a duration'),
    ]);
    expect(((await harness.admin('GET', '/config')).json() as { version: number }).version).toBe(before.version);
    expect(workloadOf(await harness.call('delivery', '/'))).toBe('delivery-v1');
  });

  it('accepts the objects as JSON too (a list, or a Kubernetes List)', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'delivery' }, spec: { host: 'delivery', subsets: [{ name: 'canary', labels: { track: 'canary' } }] } },
        { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'delivery' }, spec: { hosts: ['delivery'], http: [{ route: [{ destination: { host: 'delivery', subset: 'canary' } }] }] } },
      ],
    };
    expect((await harness.admin('PUT', '/config', JSON.stringify(list), 'application/json')).status).toBe(200);
    expect(workloadOf(await harness.call('delivery', '/'))).toBe('delivery-v2');
  });
});
