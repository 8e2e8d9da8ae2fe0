import { connect } from 'node:net';
import { parseMeshConfig } from '../src';
import { MeshHarness } from './support/mesh-harness';
import { TestUpstream } from './support/test-upstream';
import { deliveryRoutedTo, workloadFor } from './support/workloads';

/** Sends `raw` and stops writing; resolves with what came back and how long until the mesh closed. */
function stall(url: string, raw: string): Promise<{ reply: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe('request timeouts on the listeners (requestTimeoutMs)', () => {
  let upstream: TestUpstream;
  let harness: MeshHarness;

  beforeAll(async () => {
    upstream = await TestUpstream.start('delivery-v1');
    harness = await MeshHarness.start({ yaml: deliveryRoutedTo('stable'), workloads: [workloadFor(upstream, 'delivery', 'v1', 'stable')], requestTimeoutMs: 400 });
  });
  afterAll(async () => {
    await harness.stop();
    await upstream.close();
  });

  it('answers a stalled body with 408 and closes the connection; the workload never sees it', async () => {
    const { reply, closedAfterMs } = await stall(harness.listenerUrl('delivery'), 'POST /deliveries HTTP/1.1\r\nHost: delivery\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"half":');
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(400);
    expect(closedAfterMs).toBeLessThan(5000);
    expect(upstream.received).toEqual([]);
  });

  it('answers stalled headers the same way', async () => {
    const { reply } = await stall(harness.listenerUrl('delivery'), 'GET /deliveries HTTP/1.1\r\nHost: delivery\r\nX-Slow: ');
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(upstream.received).toEqual([]);
  });

  it('still serves a request that arrives in time', async () => {
    const reply = await harness.call('delivery', '/deliveries', { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(200);
  });

  it('takes only a sensible timeout, and says which field is wrong', () => {
    const base = { listeners: [{ port: 0, host: 'delivery' }], workloads: [] };
    expect(parseMeshConfig({ ...base, requestTimeoutMs: 30_000 }).requestTimeoutMs).toBe(30_000);
    for (const bad of [0, 99, 1.5, '30s', 3_600_001]) {
      expect(() => parseMeshConfig({ ...base, requestTimeoutMs: bad })).toThrow(/requestTimeoutMs: expected whole milliseconds between 100 and 3600000/);
    }
  });
});
