import { expectBinomial } from './support/binomial';
import { MeshHarness, workloadOf } from './support/mesh-harness';
import { parseSamples, sumWhere } from './support/prometheus-samples';
import { TestUpstream } from './support/test-upstream';
import { deliveryRoutes, workloadFor } from './support/workloads';

function faultRoute(fault: string, extra = ''): string {
  return deliveryRoutes(`
    - fault:
${fault}
      route: [{ destination: { host: delivery, subset: stable } }]
${extra}
`);
}

describe('fault injection (fault.delay, fault.abort)', () => {
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

  const start = (fault: string, extra = '') => MeshHarness.start({ yaml: faultRoute(fault, extra), workloads: [workloadFor(stable, 'delivery', 'v1', 'stable')] });

  it('aborts the configured share of requests with the given status, before they reach the workload', async () => {
    harness = await start(`        abort: { httpStatus: 503, percentage: { value: 25 } }`);
    const responses = await harness.callMany(1000, 'delivery', '/');
    const aborted = responses.filter((response) => response.status === 503);
    expectBinomial(aborted.length, 1000, 0.25);
    expect(aborted.every((response) => response.body === 'fault filter abort')).toBe(true);
    expect(responses.filter((response) => response.status === 200).every((response) => workloadOf(response) === 'delivery-v1')).toBe(true);
    expect(stable.received).toHaveLength(1000 - aborted.length);
  });

  it('delays the configured share of requests by fixedDelay', async () => {
    harness = await start(`        delay: { fixedDelay: 150ms, percentage: { value: 40 } }`);
    const responses = await harness.callMany(400, 'delivery', '/', {}, 32);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    // The mesh flags each delayed request DI (as Envoy's access log does); the rate is checked on
    // that count, and the timing on the responses: at least that many took the delay (less the
    // few ms by which Node's cached loop clock can fire a timer early).
    const samples = parseSamples((await harness.admin('GET', '/metrics')).body);
    const delayed = sumWhere(samples, 'istio_requests_total', { reporter: 'source', response_flags: 'DI' });
    expectBinomial(delayed, 400, 0.4);
    expect(responses.filter((response) => response.elapsedMs >= 140).length).toBeGreaterThanOrEqual(delayed);
    expect(stable.received).toHaveLength(400);
  });

  it('delays every request at 100% and then may abort it as well (delay first, like Envoy)', async () => {
    harness = await start(`        delay: { fixedDelay: 0.1s, percentage: { value: 100 } }
        abort: { httpStatus: 418, percentage: { value: 100 } }`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(418);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(90);
    expect(stable.received).toHaveLength(0);
  });

  it('does not count an injected delay against the route timeout (the fault filter runs before the router)', async () => {
    harness = await start(`        delay: { fixedDelay: 300ms, percentage: { value: 100 } }`, `      timeout: 200ms`);
    const response = await harness.call('delivery', '/');
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(290);
  });

  it('injects nothing when the percentage is left out, as Istio documents', async () => {
    harness = await start(`        abort: { httpStatus: 500 }`);
    const responses = await harness.callMany(50, 'delivery', '/');
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });

  it('shows injected aborts against the chosen version in /stats', async () => {
    harness = await start(`        abort: { httpStatus: 500, percentage: { value: 100 } }`);
    await harness.callMany(20, 'delivery', '/');
    const stats = (await harness.admin('GET', '/stats')).json() as { destinations: Array<{ version: string; window: { requests: number; errorRate: number } }> };
    expect(stats.destinations).toEqual([expect.objectContaining({ version: 'v1', window: expect.objectContaining({ requests: 20, errorRate: 1 }) })]);
  });
});
