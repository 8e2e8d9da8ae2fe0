import { setTimeout as sleep } from 'node:timers/promises';
import { countBy, MeshHarness, workloadOf } from './support/mesh-harness';
import { parseSamples } from './support/prometheus-samples';
import { type ReceivedRequest, respondJson, TestUpstream, unreachableUrl } from './support/test-upstream';
import { deliveryRoutes, workloadFor } from './support/workloads';

function routeWith(policy: string): string {
  return deliveryRoutes(`
    - route: [{ destination: { host: delivery, subset: stable } }]
${policy}
`);
}

/** Attempts per request, told apart by the x-request-id the mesh adds (and keeps across retries). */
function attemptsPerRequest(received: readonly ReceivedRequest[]): number[] {
  return Object.values(countBy(received, (request) => String(request.headers['x-request-id'])));
}

/** An upstream handler that fails the first `failures` attempts of every request with `status`. */
function failingFirst(failures: number, status: number) {
  const seen = new Map<string, number>();
  return (request: ReceivedRequest, response: Parameters<Parameters<TestUpstream['respondWith']>[0]>[1]) => {
    const id = String(request.headers['x-request-id']);
    const attempt = (seen.get(id) ?? 0) + 1;
    seen.set(id, attempt);
    if (attempt <= failures) respondJson(response, status, { attempt, error: 'failing on purpose' });
    else respondJson(response, 200, { workload: 'delivery-v1', attempt });
  };
}

describe('retries and timeouts', () => {
  let upstream: TestUpstream;
  let harness: MeshHarness | undefined;

  beforeEach(async () => {
    upstream = await TestUpstream.start('delivery-v1');
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await upstream.close();
  });

  const start = (policy: string) => MeshHarness.start({ yaml: routeWith(policy), workloads: [workloadFor(upstream, 'delivery', 'v1', 'stable')] });

  it('retries 5xx up to `attempts` times and returns the first success', async () => {
    upstream.respondWith(failingFirst(2, 500));
    harness = await start(`      retries: { attempts: 3, retryOn: 5xx }`);
    const responses = await harness.callMany(20, 'delivery', '/deliveries', { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(attemptsPerRequest(upstream.received)).toEqual(Array(20).fill(3));
    // Every attempt carries the whole buffered body.
    expect(upstream.received.every((request) => request.body === '{"n":1}')).toBe(true);
  });

  it('passes the last upstream response through once the retries are used up', async () => {
    upstream.respondWith(failingFirst(100, 500));
    harness = await start(`      retries: { attempts: 2, retryOn: 5xx }`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ attempt: 3, error: 'failing on purpose' });
    expect(upstream.received).toHaveLength(3);
  });

  it('retries only what retryOn names: gateway-error retries 503 but not 500', async () => {
    harness = await start(`      retries: { attempts: 2, retryOn: gateway-error }`);
    upstream.respondWith(failingFirst(1, 500));
    expect((await harness.call('delivery', '/')).status).toBe(500);
    upstream.respondWith(failingFirst(1, 503));
    expect((await harness.call('delivery', '/')).status).toBe(200);
    expect(attemptsPerRequest(upstream.received)).toEqual([1, 2]);
  });

  it('treats numbers in retryOn as retriable status codes', async () => {
    upstream.respondWith(failingFirst(1, 418));
    harness = await start(`      retries: { attempts: 1, retryOn: "418" }`);
    expect((await harness.call('delivery', '/')).status).toBe(200);
    expect(upstream.received).toHaveLength(2);
  });

  it("applies Istio's default policy without a retries block: 2 retries on 503, none on 500", async () => {
    harness = await start('');
    upstream.respondWith(failingFirst(100, 503));
    expect((await harness.call('delivery', '/')).status).toBe(503);
    upstream.respondWith(failingFirst(100, 500));
    expect((await harness.call('delivery', '/')).status).toBe(500);
    expect(attemptsPerRequest(upstream.received)).toEqual([3, 1]);
  });

  it('does not retry at all with attempts: 0', async () => {
    upstream.respondWith(failingFirst(100, 503));
    harness = await start(`      retries: { attempts: 0 }`);
    expect((await harness.call('delivery', '/')).status).toBe(503);
    expect(upstream.received).toHaveLength(1);
  });

  it('gives up on an attempt after perTryTimeout and retries it', async () => {
    const seen = new Set<string>();
    upstream.respondWith(async (request, response) => {
      const id = String(request.headers['x-request-id']);
      if (!seen.has(id)) {
        seen.add(id);
        await sleep(1500);
      }
      respondJson(response, 200, { workload: 'delivery-v1' });
    });
    harness = await start(`      retries: { attempts: 2, perTryTimeout: 200ms, retryOn: gateway-error,connect-failure }`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(180);
    expect(response.elapsedMs).toBeLessThan(1000);
    expect(upstream.received).toHaveLength(2);
  });

  it('answers 504 "upstream request timeout" when the route timeout expires', async () => {
    upstream.respondWith(async (_request, response) => {
      await sleep(1500);
      respondJson(response, 200, {});
    });
    harness = await start(`      timeout: 250ms`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(504);
    expect(response.body).toBe('upstream request timeout');
    expect(response.elapsedMs).toBeGreaterThanOrEqual(230);
    expect(response.elapsedMs).toBeLessThan(1000);
  });

  it('records an attempt cut off by the timeout on the destination side as Envoy does: code 0, flag DC', async () => {
    upstream.respondWith(async (_request, response) => {
      await sleep(1500);
      respondJson(response, 200, {});
    });
    harness = await start(`      timeout: 250ms`);
    expect((await harness.call('delivery', '/')).status).toBe(504);
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body).filter((sample) => sample.name === 'istio_requests_total');
    const by = (reporter: string) => samples.filter((sample) => sample.labels.reporter === reporter).map((sample) => [sample.labels.response_code, sample.labels.response_flags, sample.value]);
    expect(by('source')).toEqual([['504', 'UT', 1]]);
    expect(by('destination')).toEqual([['0', 'DC', 1]]);
  });

  it('bounds all retries by the route timeout', async () => {
    upstream.respondWith(async (_request, response) => {
      await sleep(120);
      respondJson(response, 503, {});
    });
    harness = await start(`      timeout: 400ms
      retries: { attempts: 10, retryOn: 5xx }`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(504);
    expect(response.elapsedMs).toBeLessThan(900);
    expect(upstream.received.length).toBeGreaterThanOrEqual(2);
    expect(upstream.received.length).toBeLessThanOrEqual(4);
  });

  it('retries a refused connection on another workload of the subset (connect-failure)', async () => {
    harness = await MeshHarness.start({
      yaml: routeWith(''),
      workloads: [
        { name: 'delivery-v1-dead', service: 'delivery', labels: { version: 'v1', track: 'stable' }, url: await unreachableUrl() },
        workloadFor(upstream, 'delivery', 'v1', 'stable'),
      ],
    });
    const responses = await harness.callMany(30, 'delivery', '/', {}, 1);
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
    expect(new Set(responses.map(workloadOf))).toEqual(new Set(['delivery-v1']));
  });
});
