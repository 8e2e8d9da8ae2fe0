import { MeshHarness } from './support/mesh-harness';
import { TestUpstream } from './support/test-upstream';
import { workloadFor } from './support/workloads';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('trace header propagation (traceparent, x-request-id)', () => {
  let upstream: TestUpstream;
  let harness: MeshHarness;

  beforeAll(async () => {
    upstream = await TestUpstream.start('users-v1');
    harness = await MeshHarness.start({ yaml: '', workloads: [workloadFor(upstream, 'users', 'v1', 'stable')] });
  });
  afterAll(async () => {
    await harness.stop();
    await upstream.close();
  });
  beforeEach(() => upstream.received.splice(0));

  it('passes existing trace headers through unchanged', async () => {
    const headers = {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=abc',
      'x-request-id': 'req-123',
    };
    await harness.call('users', '/users', { headers });
    expect(upstream.received[0].headers).toMatchObject(headers);
  });

  it('creates a sampled W3C traceparent and a UUID x-request-id when they are missing', async () => {
    await harness.call('users', '/users');
    await harness.call('users', '/users');
    const [first, second] = upstream.received.map((request) => request.headers);
    expect(first.traceparent).toMatch(TRACEPARENT);
    expect(first['x-request-id']).toMatch(UUID);
    expect(second.traceparent).not.toBe(first.traceparent);
    expect(second['x-request-id']).not.toBe(first['x-request-id']);
  });

  it('starts a new trace (and drops its tracestate) when traceparent is malformed', async () => {
    await harness.call('users', '/users', { headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01', tracestate: 'vendor=abc' } });
    const { headers } = upstream.received[0];
    expect(headers.traceparent).toMatch(TRACEPARENT);
    expect(headers.traceparent).not.toContain('00000000000000000000000000000000');
    expect(headers.tracestate).toBeUndefined();
  });
});
