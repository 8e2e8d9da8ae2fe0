import { MeshHarness, workloadOf } from './support/mesh-harness';
import { TestUpstream } from './support/test-upstream';
import { trackSubsets, workloadFor } from './support/workloads';

const GATEWAY_AND_MESH = `${trackSubsets('web')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web-ingress, namespace: courier }
spec:
  hosts: ["courier.example.com"]
  gateways: [courier/courier-gateway]
  http:
    - match: [{ headers: { x-canary: { exact: "true" } } }]
      route: [{ destination: { host: web.courier.svc.cluster.local, subset: canary } }]
    - route: [{ destination: { host: web, subset: stable } }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  hosts: [web]
  http:
    - route: [{ destination: { host: web, subset: canary } }]
`;

describe('ingress gateway listener', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness | undefined;

  beforeAll(async () => {
    stable = await TestUpstream.start('web-v1');
    canary = await TestUpstream.start('web-v2');
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });
  afterAll(async () => {
    await Promise.all([stable.close(), canary.close()]);
  });

  const start = (yaml: string) =>
    MeshHarness.start({
      yaml,
      workloads: [workloadFor(stable, 'web', 'v1', 'stable'), workloadFor(canary, 'web', 'v2', 'canary')],
      listeners: [
        { port: 0, host: 'web' },
        { port: 0, gateway: 'courier-gateway', host: 'web' },
      ],
    });

  it('applies the VirtualService bound to the gateway, and the mesh one on the sidecar listener', async () => {
    harness = await start(GATEWAY_AND_MESH);
    expect(workloadOf(await harness.call('courier-gateway', '/', { headers: { host: 'courier.example.com' } }))).toBe('web-v1');
    expect(workloadOf(await harness.call('courier-gateway', '/', { headers: { host: 'courier.example.com', 'x-canary': 'true' } }))).toBe('web-v2');
    expect(workloadOf(await harness.call('web', '/'))).toBe('web-v2');
  });

  it("serves localhost requests with the gateway's only VirtualService (no public host name locally)", async () => {
    harness = await start(GATEWAY_AND_MESH);
    expect(workloadOf(await harness.call('courier-gateway', '/'))).toBe('web-v1');
  });

  it('reports the ingress gateway as the source workload', async () => {
    harness = await start(GATEWAY_AND_MESH);
    await harness.call('courier-gateway', '/');
    expect((await harness.admin('GET', '/metrics')).body).toContain('reporter="source",source_workload="istio-ingressgateway"');
  });

  it("routes as the listener's service when no VirtualService is bound to the gateway", async () => {
    harness = await start(`${trackSubsets('web')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  hosts: [web]
  http:
    - route: [{ destination: { host: web, subset: stable } }]
`);
    expect(workloadOf(await harness.call('courier-gateway', '/'))).toBe('web-v1');
  });

  it('answers 404 when several VirtualServices are bound to the gateway and none matches the host', async () => {
    harness = await start(`${GATEWAY_AND_MESH}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: admin-ingress }
spec:
  hosts: ["admin.example.com"]
  gateways: [courier-gateway]
  http:
    - route: [{ destination: { host: web, subset: canary } }]
`);
    expect(workloadOf(await harness.call('courier-gateway', '/', { headers: { host: 'admin.example.com' } }))).toBe('web-v2');
    expect((await harness.call('courier-gateway', '/', { headers: { host: 'other.example.com' } })).status).toBe(404);
  });
});
