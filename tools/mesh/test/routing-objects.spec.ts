import { MeshConfigError, parseMeshConfig, parseObjects } from '../src';
import { parseDuration } from '../src/duration';
import { qualifyHost } from '../src/host-names';
import { RoutingTable } from '../src/routing-table';
import { shadowAuthority } from '../src/shadow-authority';
import { WorkloadRegistry } from '../src/workload-registry';

const registry = new WorkloadRegistry(
  [
    { service: 'delivery', labels: { version: 'v1', track: 'stable' }, url: 'http://127.0.0.1:1' },
    { service: 'delivery', labels: { version: 'v2', track: 'canary' }, url: 'http://127.0.0.1:2' },
  ],
  'courier',
);

function problemsOf(yaml: string): string[] {
  try {
    RoutingTable.build(parseObjects(yaml), registry, { namespace: 'courier' });
  } catch (error) {
    if (error instanceof MeshConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('reading rendered objects', () => {
  it('reads a helm template stream: several documents, comments, empty documents and other kinds', () => {
    const objects = parseObjects(`---
# Source: delivery/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: delivery-stable }
---
# Source: delivery/templates/empty.yaml
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: delivery, namespace: shop }
spec:
  hosts: [delivery]
  http: [{ route: [{ destination: { host: delivery } }] }]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: courier-gateway }
spec: {}
`);
    expect(objects.map((object) => object.kind)).toEqual(['Deployment', 'VirtualService', 'Gateway']);
    const table = RoutingTable.build(objects, registry, { namespace: 'courier' });
    expect(table.ignoredObjects).toBe(2);
    expect(table.virtualServices.map((service) => service.hosts)).toEqual([['delivery.shop.svc.cluster.local']]);
  });

  it('reports YAML syntax errors with their document', () => {
    expect(() => parseObjects('a: [1, 2\n---\nb: 1')).toThrow(/document 1/);
  });

  it('qualifies short hosts in the namespace of the object that names them', () => {
    expect(qualifyHost('delivery', 'courier')).toBe('delivery.courier.svc.cluster.local');
    expect(qualifyHost('delivery.shop', 'courier')).toBe('delivery.shop.svc.cluster.local');
    expect(qualifyHost('delivery.shop.svc', 'courier')).toBe('delivery.shop.svc.cluster.local');
    expect(qualifyHost('Delivery.courier.svc.cluster.local', 'x')).toBe('delivery.courier.svc.cluster.local');
    expect(qualifyHost('*.example.com', 'courier')).toBe('*.example.com');
  });

  it('lists every invalid field at once, located by object and rule', () => {
    const problems = problemsOf(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: broken }
spec:
  hosts: [delivery]
  http:
    - route: [{ destination: { host: delivery }, weight: -1 }, { destination: { host: delivery } }]
    - redirect: { uri: /elsewhere }
    - match: [{ queryParams: { q: { prefix: a } } }]
      route: [{ destination: { host: delivery } }]
    - fault: { abort: { httpStatus: 503, percentage: { value: 150 } } }
      route: [{ destination: { host: delivery } }]
    - retries: { attempts: 2, retryOn: "5xx,sometimes" }
      route: [{ destination: { host: delivery } }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: hostless }
spec:
  http: []
`);
    expect(problems).toEqual([
      'VirtualService courier/broken http[0].route[0].weight: expected a whole number ≥ 0',
      'VirtualService courier/broken http[1]: redirect is not supported by the local mesh',
      'VirtualService courier/broken http[2].match[0].queryParams.q: Istio does not support prefix matches on query parameters (use exact or regex)',
      'VirtualService courier/broken http[3].fault.abort.percentage: expected a number between 0 and 100',
      'VirtualService courier/broken http[4].retries.retryOn: unknown retry condition "sometimes"',
      'VirtualService courier/hostless: spec.hosts must list at least one host',
    ]);
  });

  it('warns (and splits proportionally) when weights do not add up to 100', () => {
    const table = RoutingTable.build(
      parseObjects(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: delivery }
spec:
  hosts: [delivery]
  http: [{ route: [{ destination: { host: delivery }, weight: 30 }, { destination: { host: delivery }, weight: 30 }] }]
`),
      registry,
      { namespace: 'courier' },
    );
    expect(table.warnings).toEqual([expect.stringContaining('weights add up to 60, not 100')]);
  });
});

describe('mesh config', () => {
  it('accepts a complete config', () => {
    const config = {
      namespace: 'courier',
      adminPort: 15020,
      listeners: [{ port: 15001, host: 'users' }, { port: 8080, host: 'web', gateway: 'courier-gateway' }],
      workloads: [{ service: 'users', labels: { version: 'v1' }, url: 'http://127.0.0.1:3001' }],
    };
    expect(parseMeshConfig(config)).toBe(config);
  });

  it('lists every problem', () => {
    let problems: string[] = [];
    try {
      parseMeshConfig({ listeners: [{ port: 70000 }], workloads: [{ service: 'Users', url: 'ftp://x' }], extra: 1 });
    } catch (error) {
      problems = (error as MeshConfigError).problems;
    }
    expect(problems).toEqual([
      'mesh config: unknown field "extra"',
      'listeners[0].port: expected a port number (0 for any free port)',
      'listeners[0]: needs host (a sidecar listener) or gateway (an ingress gateway listener)',
      'workloads[0].service: expected a short service name such as "delivery"',
      'workloads[0].url: expected an http:// or https:// URL such as "http://127.0.0.1:3002"',
    ]);
  });
});

describe('small Istio and Envoy conventions', () => {
  it.each([
    ['2s', 2000],
    ['0.5s', 500],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1500us', 1.5],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDuration(text, 'timeout')).toBe(ms);
  });

  it('rejects durations without a unit', () => {
    expect(() => parseDuration('5', 'timeout')).toThrow('timeout: "5" is not a duration');
  });

  it.each([
    ['delivery', 'delivery-shadow'],
    ['delivery:8080', 'delivery-shadow:8080'],
    ['127.0.0.1:15002', '127.0.0.1-shadow:15002'],
    ['[::1]:8080', '[::1]-shadow:8080'],
  ])('shadows the authority %s as %s', (authority, shadowed) => {
    expect(shadowAuthority(authority)).toBe(shadowed);
  });
});
