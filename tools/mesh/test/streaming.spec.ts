import { request } from 'undici';
import { MeshHarness } from './support/mesh-harness';
import { TestUpstream } from './support/test-upstream';
import { workloadFor } from './support/workloads';

describe('streamed responses (Server-Sent Events for the control room)', () => {
  let upstream: TestUpstream;
  let harness: MeshHarness;
  let upstreamSawClose: Promise<void>;

  beforeAll(async () => {
    let closed!: () => void;
    upstreamSawClose = new Promise((resolve) => (closed = resolve));
    upstream = await TestUpstream.start('web-v1', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let tick = 0;
      const timer = setInterval(() => response.write(`data: tick ${++tick}\n\n`), 50);
      response.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    harness = await MeshHarness.start({ yaml: '', workloads: [workloadFor(upstream, 'web', 'v1', 'stable')] });
  });
  afterAll(async () => {
    await harness.stop();
    await upstream.close();
  });

  it('passes events through as they are written and ends the upstream stream when the client leaves', async () => {
    const controller = new AbortController();
    const response = await request(`${harness.listenerUrl('web')}/api/events`, { signal: controller.signal });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    const events: string[] = [];
    for await (const chunk of response.body) {
      events.push(...String(chunk).split('\n\n').filter(Boolean));
      if (events.length >= 3) break;
    }
    expect(events.slice(0, 3)).toEqual(['data: tick 1', 'data: tick 2', 'data: tick 3']);
    controller.abort();
    await expect(upstreamSawClose).resolves.toBeUndefined();
  });
});
