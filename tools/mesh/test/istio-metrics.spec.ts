import { ISTIO_DURATION_BUCKETS_MS } from '../src';
import { MeshHarness } from './support/mesh-harness';
import { parseSamples, sumWhere } from './support/prometheus-samples';
import { respondJson, type TestUpstream } from './support/test-upstream';
import { deliveryRoutes, deliveryVirtualService, deliveryWorkloads, startDeliveryTracks, workloadFor } from './support/workloads';

const ROUTE = deliveryRoutes(`
    - match: [{ headers: { x-canary: { exact: "true" } } }]
      route: [{ destination: { host: delivery, subset: canary } }]
    - match: [{ uri: { prefix: /deliveries } }]
      route: [{ destination: { host: delivery, subset: stable } }]
`);

describe('Istio-shaped metrics on the admin port', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let harness: MeshHarness;

  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks((_request, response) => respondJson(response, 500, { error: 'bad build' })));
    harness = await MeshHarness.start({
      yaml: ROUTE,
      workloads: deliveryWorkloads(stable, canary),
    });
    await harness.callMany(30, 'delivery', '/deliveries');
    await harness.callMany(10, 'delivery', '/deliveries', { headers: { 'x-canary': 'true' } });
    await harness.call('delivery', '/nowhere');
  });
  afterAll(async () => {
    await harness.stop();
    await Promise.all([stable.close(), canary.close()]);
  });

  it('serves the Prometheus text format with istio_requests_total and istio_request_duration_milliseconds', async () => {
    const response = await harness.admin('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.body).toContain('# TYPE istio_requests_total counter');
    expect(response.body).toContain('# TYPE istio_request_duration_milliseconds histogram');
    expect(() => parseSamples(response.body)).not.toThrow();
    expect((await harness.admin('GET', '/stats/prometheus')).body).toContain('istio_requests_total{');
  });

  it("labels each series with Istio's standard labels", async () => {
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body);
    const v1 = samples.find((sample) => sample.name === 'istio_requests_total' && sample.labels.reporter === 'source' && sample.labels.destination_version === 'v1');
    expect(v1?.labels).toMatchObject({
      response_code: '200',
      reporter: 'source',
      source_workload: 'unknown',
      destination_service: 'delivery.courier.svc.cluster.local',
      destination_service_name: 'delivery',
      destination_service_namespace: 'courier',
      destination_workload: 'delivery-v1',
      destination_version: 'v1',
      destination_app: 'delivery',
      request_protocol: 'http',
      response_flags: '-',
    });
  });

  it('counts requests by version and response code, once per request from the source side', async () => {
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body);
    const count = (labels: Record<string, string>) => sumWhere(samples, 'istio_requests_total', { reporter: 'source', ...labels });
    expect(count({ destination_version: 'v1', response_code: '200' })).toBe(30);
    // v2 fails with 500, which Istio's default retry policy does not retry.
    expect(count({ destination_version: 'v2', response_code: '500' })).toBe(10);
    expect(count({ response_code: '404', response_flags: 'NR' })).toBe(1);
    expect(sumWhere(samples, 'istio_requests_total', { reporter: 'destination', destination_version: 'v2' })).toBe(10);
  });

  it("buckets durations with Istio's default boundaries, cumulatively, with _sum and _count", async () => {
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body);
    const series = { reporter: 'source', destination_version: 'v1', response_code: '200' };
    const buckets = samples.filter((sample) => sample.name === 'istio_request_duration_milliseconds_bucket' && Object.entries(series).every(([key, value]) => sample.labels[key] === value));
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual([...ISTIO_DURATION_BUCKETS_MS.map(String), '+Inf']);
    expect(ISTIO_DURATION_BUCKETS_MS).toEqual([0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000]);
    const values = buckets.map((bucket) => bucket.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(values.at(-1)).toBe(30);
    expect(sumWhere(samples, 'istio_request_duration_milliseconds_count', series)).toBe(30);
    expect(sumWhere(samples, 'istio_request_duration_milliseconds_sum', series)).toBeGreaterThan(0);
  });

  it('summarises rps, error rate and latency per destination version in GET /stats', async () => {
    const stats = (await harness.admin('GET', '/stats?window=30')).json() as {
      windowSeconds: number;
      process: { rssBytes: number };
      destinations: Array<{ service: string; version: string; traffic: string; workloads: string[]; window: { requests: number; rps: number; errorRate: number; successRate: number; latencyMs: { p50: number; p90: number; p99: number } }; total: { responseCodes: Record<string, number> } }>;
    };
    expect(stats.windowSeconds).toBe(30);
    expect(stats.process.rssBytes).toBeGreaterThan(0);
    const v1 = stats.destinations.find((entry) => entry.service === 'delivery' && entry.version === 'v1' && entry.traffic === 'primary');
    const v2 = stats.destinations.find((entry) => entry.service === 'delivery' && entry.version === 'v2' && entry.traffic === 'primary');
    expect(v1).toMatchObject({ workloads: ['delivery-v1'], window: { requests: 30, errorRate: 0, successRate: 1 }, total: { responseCodes: { '200': 30 } } });
    expect(v2).toMatchObject({ workloads: ['delivery-v2'], window: { requests: 10, errorRate: 1, successRate: 0 } });
    const latency = v1?.window.latencyMs;
    expect(latency && latency.p50 > 0 && latency.p50 <= latency.p90 && latency.p90 <= latency.p99).toBe(true);
    expect(v1?.window.rps).toBeGreaterThan(0);
  });

  it('rejects a bad window with a problem+json 400', async () => {
    const response = await harness.admin('GET', '/stats?window=0');
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, errors: [expect.stringContaining('window')] });
  });

  it('keeps one series per label set, split by track, when two workload entries describe the same process', async () => {
    // The local stack lists a version once per track it serves (v1 on stable and on blue).
    const twice = await MeshHarness.start({
      yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: delivery }
spec:
  host: delivery
  subsets: [{ name: stable, labels: { track: stable } }, { name: blue, labels: { track: blue } }]
---
${deliveryVirtualService('    - route: [{ destination: { host: delivery, subset: stable }, weight: 50 }, { destination: { host: delivery, subset: blue }, weight: 50 }]\n')}`,
      workloads: [workloadFor(stable, 'delivery', 'v1', 'stable'), workloadFor(stable, 'delivery', 'v1', 'blue')],
    });
    try {
      await twice.callMany(40, 'delivery', '/');
      const samples = parseSamples((await twice.admin('GET', '/metrics')).body);
      const labelSets = samples.map((sample) => `${sample.name}{${JSON.stringify(sample.labels)}}`);
      expect(new Set(labelSets).size).toBe(labelSets.length);
      const source = samples.filter((sample) => sample.name === 'istio_requests_total' && sample.labels.reporter === 'source');
      // As on a cluster, where each track is its own Deployment: destination_track tells them apart.
      expect(new Set(source.map((sample) => sample.labels.destination_workload))).toEqual(new Set(['delivery-v1']));
      expect(new Set(source.map((sample) => sample.labels.destination_track))).toEqual(new Set(['stable', 'blue']));
      expect(source.reduce((sum, sample) => sum + sample.value, 0)).toBe(40);
    } finally {
      await twice.stop();
    }
  });
});
