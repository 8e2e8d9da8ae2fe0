import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenCall {
  method: string;
  url: string;
  body: unknown;
  /** The Authorization header web sent (the run's control token on changes). */
  authorization: string | undefined;
}

/**
 * A stand-in for the local stack's admin API and the mesh admin API over real HTTP: delivery v1
 * is stable, v2 takes canary traffic, and a canary is half way through. Records every call.
 */
export async function startFakeStack() {
  const seen: SeenCall[] = [];
  let url = '';
  const at = new Date().toISOString();
  const answers: Record<string, () => [number, unknown]> = {
    'GET /api/stack': () => [
      200,
      {
        meshAdmin: url,
        services: {
          users: { routing: { tracks: { stable: 'v1' } }, versions: [{ version: 'v1', faults: { errorRate: 0, delayMs: 0 } }] },
          delivery: {
            routing: { tracks: { stable: 'v1' } },
            versions: [
              { version: 'v1', faults: { errorRate: 0, delayMs: 0 } },
              { version: 'v2', faults: { errorRate: 0.2, delayMs: 150 } },
            ],
          },
        },
      },
    ],
    'GET /api/rollouts': () => [
      200,
      {
        users: { running: false, routing: { strategy: 'none', shares: [{ track: 'stable', version: 'v1', percent: 100 }], headerRoutes: [] }, events: [] },
        delivery: {
          running: true,
          routing: { strategy: 'canary', shares: [{ track: 'stable', version: 'v1', percent: 90 }, { track: 'canary', version: 'v2', percent: 10 }], headerRoutes: [] },
          events: [
            { at, type: 'started', plan: { strategy: 'canary', fromVersion: 'v1', toVersion: 'v2', steps: [{ name: 'canary 10%' }, { name: 'canary 100%' }] } },
            { at, type: 'step-started', index: 0, step: { name: 'canary 10%' } },
            { at, type: 'step-analysed', index: 0, step: { name: 'canary 10%' }, verdict: { outcome: 'pass', reasons: ['success rate 100.0%, p99 20 ms'] } },
            { at, type: 'step-passed', index: 0, step: { name: 'canary 10%' } },
            { at, type: 'step-started', index: 1, step: { name: 'canary 100%' } },
          ],
        },
      },
    ],
    'GET /api/load': () => [200, { rps: 30, running: true, lastWindow: { sent: 300, failed: 2 } }],
    'PUT /api/load': () => [200, { rps: 50, running: true }],
    'GET /stats?window=3': () => [
      200,
      {
        destinations: [
          { service: 'delivery', version: 'v1', traffic: 'primary', window: { rps: 27, errorRate: 0, latencyMs: { p99: 12 } } },
          { service: 'delivery', version: 'v2', traffic: 'primary', window: { rps: 3, errorRate: 0.2, latencyMs: { p99: 180 } } },
        ],
      },
    ],
    'POST /api/rollouts/delivery': () => [202, { service: 'delivery', strategy: 'canary', steps: ['canary 10%'] }],
    'POST /api/rollouts/users': () => [409, { title: 'Conflict', status: 409, detail: 'only v1 of users runs locally: there is no other version to roll out' }],
    'POST /api/rollouts/payments': () => [404, { title: 'Not Found', status: 404, detail: 'service: the local stack runs no service "payments"' }],
    'POST /api/rollouts/delivery/control': () => [202, { service: 'delivery', action: 'abort' }],
    'POST /api/rollouts/users/control': () => [409, { title: 'Conflict', status: 409, detail: 'no rollout of users is in progress: there is nothing to promote' }],
    'PUT /api/rollouts/delivery/versions/v2/faults': () => [200, {}],
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined, authorization: req.headers.authorization });
      const [status, body] = answers[`${req.method} ${req.url}`]?.() ?? [404, { title: 'Not Found', status: 404, detail: 'no such endpoint' }];
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
