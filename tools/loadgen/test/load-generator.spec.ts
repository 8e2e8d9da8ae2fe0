import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAILURE_EXAMPLES, LoadGenerator } from '../src';

/** A stand-in for web's API over real HTTP: just enough to walk a customer journey. */
async function fakeWeb(failEvery = 0): Promise<{ url: string; hits: Record<string, number>; close(): Promise<void> }> {
  const hits: Record<string, number> = {};
  let count = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const route = `${req.method} ${req.url?.replace(/[0-9a-f-]{36}/g, ':id')}`;
      hits[route] = (hits[route] ?? 0) + 1;
      count++;
      if (failEvery && count % failEvery === 0) {
        const problem = { type: 'https://courier.dev/problems/dependency-unavailable', status: 503, detail: `delivery: no answer (request ${req.headers['x-request-id']})` };
        res.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify(problem));
        return;
      }
      res.writeHead(req.method === 'POST' && !req.url?.endsWith('/events') ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID(), servedBy: { version: 'v2', track: 'canary' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('LoadGenerator', () => {
  it('holds the requested rate and walks whole customer journeys', async () => {
    const web = await fakeWeb();
    const load = new LoadGenerator({ baseUrl: web.url, rps: 200, journeys: 8 });
    try {
      load.start();
      await sleep(1000);
      const result = await load.stop();
      expect(result.sent).toBeGreaterThan(120);
      expect(result.sent).toBeLessThan(260);
      expect(result.failed).toBe(0);
      expect(Object.keys(web.hits)).toEqual(
        expect.arrayContaining(['POST /api/users', 'POST /api/deliveries', 'GET /api/deliveries/:id', 'POST /api/deliveries/:id/events']),
      );
      expect(result.servedBy['delivery/v2']).toBeGreaterThan(0);
    } finally {
      await load.close();
      await web.close();
    }
  });

  it('advances each delivery through every status exactly once', async () => {
    const web = await fakeWeb();
    const load = new LoadGenerator({ baseUrl: web.url, rps: 200, journeys: 1 });
    try {
      load.start();
      await sleep(600);
      await load.stop();
      const events = web.hits['POST /api/deliveries/:id/events'] ?? 0;
      const deliveries = web.hits['POST /api/deliveries'] ?? 0;
      expect(deliveries).toBeGreaterThan(1);
      expect(events).toBeGreaterThanOrEqual((deliveries - 1) * 4);
      expect(events).toBeLessThanOrEqual(deliveries * 4);
    } finally {
      await load.close();
      await web.close();
    }
  });

  it('counts failures by cause', async () => {
    const web = await fakeWeb(5);
    const load = new LoadGenerator({ baseUrl: web.url, rps: 100, journeys: 4 });
    try {
      load.start();
      await sleep(500);
      const result = await load.stop();
      expect(result.failed).toBeGreaterThan(0);
      expect(Object.keys(result.failures).every((cause) => cause.endsWith(': 503'))).toBe(true);
      expect(result.succeeded + result.failed).toBe(result.sent);
      // The first failures in full: the id each was sent with, and the problem's type and detail.
      expect(result.failureExamples).toHaveLength(Math.min(result.failed, FAILURE_EXAMPLES));
      for (const example of result.failureExamples) {
        expect(example.requestId).toMatch(/^loadgen-[0-9a-f-]{36}$/);
        expect(example.detail).toBe(`https://courier.dev/problems/dependency-unavailable: delivery: no answer (request ${example.requestId})`);
        expect(example.cause).toMatch(/: 503$/);
      }
    } finally {
      await load.close();
      await web.close();
    }
  });
});

describe('LoadGenerator.closeWindow', () => {
  it('counts the failures of a window that land after it ended, and none of the next window', async () => {
    // Every answer is a 503 that takes 300 ms, like a timeout on an overloaded machine.
    const slowFailures = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}'), 300);
    });
    await new Promise<void>((resolve) => slowFailures.listen(0, '127.0.0.1', resolve));
    const createdAt = Date.now();
    const load = new LoadGenerator({ baseUrl: `http://127.0.0.1:${(slowFailures.address() as AddressInfo).port}`, rps: 50, journeys: 64 });
    try {
      load.start();
      await sleep(200);
      // Nothing has been answered yet: a snapshot would call this window clean.
      expect(load.snapshot()).toMatchObject({ failed: 0, succeeded: 0 });
      // closeWindow() reads its clock before its first await, so this bound holds however late
      // the process is scheduled (reading the clock before the call failed by 3 ms under load).
      const closing = load.closeWindow();
      const closedBy = Date.now();
      const window = await closing;
      expect(window.sent).toBeGreaterThan(0);
      expect(window.failed).toBe(window.sent);
      // The window's length is up to closeWindow(), not up to its last answer (300 ms later).
      expect(window.elapsedMs).toBeLessThanOrEqual(closedBy - createdAt);
      // The requests of the closed window are not counted again in the next one.
      const next = await load.closeWindow();
      expect(next.failed).toBe(next.sent);
    } finally {
      await load.close();
      slowFailures.closeAllConnections();
      slowFailures.close();
    }
  });
});
