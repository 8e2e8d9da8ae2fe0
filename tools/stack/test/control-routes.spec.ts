import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, StartRolloutSchema } from '@courier/contracts';
import { handleControlRoute, routeOf } from '../src/control-routes';
import type { LocalStack } from '../src/local-stack';
import { LoadControl } from '../src/load-control';
import { RolloutActivity } from '../src/rollout-activity';
import { RolloutVerdictMetrics } from '../src/rollout-verdict-metrics';
import { RolloutRequestError } from '../src/rollout-request';
import type { RolloutRunner } from '../src/rollout-runner';
import { startStackAdminApi } from '../src/stack-admin-api';
import type { StackControls } from '../src/stack-controls';
import type { StackData } from '../src/stack-data';

describe('rollout requests from the control room', () => {
  it('accepts a strategy with an optional step shape', () => {
    expect(parseBody(StartRolloutSchema, { strategy: 'canary', steps: [10, 50, 100], intervalSeconds: 3 })).toEqual({ ok: true, value: { strategy: 'canary', steps: [10, 50, 100], intervalSeconds: 3 } });
    expect(parseBody(StartRolloutSchema, { strategy: 'mirror', percent: 50 })).toEqual({ ok: true, value: { strategy: 'mirror', percent: 50 } });
  });

  it.each([
    [{ strategy: 'yolo' }, /^strategy: /],
    [{ strategy: 'canary', steps: [50, 10] }, /^steps: must ascend/],
    [{ strategy: 'canary', steps: [0] }, /^steps\.0: must be at least 1$/],
    [{ strategy: 'canary', intervalSeconds: 0 }, /^intervalSeconds: /],
    [{ strategy: 'mirror', percent: 101 }, /^percent: /],
  ])('names the bad field of %j', (body, detail) => {
    // The contract's schema, the same web validates the control room's request with.
    expect(parseBody(StartRolloutSchema, body)).toEqual({ ok: false, detail: expect.stringMatching(detail) });
  });
});

describe('control room admin routes', () => {
  const stack = { services: ['users', 'delivery', 'web'], routing: { get: () => ({ values: { strategy: 'none', match: [] }, tracks: { stable: 'v1', canary: 'v2', blue: 'v1', green: 'v2' } }) } } as unknown as LocalStack;
  const started: unknown[] = [];
  const rollouts = {
    isRunning: (service: string) => service === 'delivery',
    start: async (service: string, request: unknown) => {
      if (service === 'users') throw new RolloutRequestError(409, 'only v1 of users runs locally: there is no other version to roll out');
      started.push(request);
      return { service };
    },
  } as unknown as RolloutRunner;
  const activity = new RolloutActivity();
  activity.record('delivery', { type: 'started' });
  // Rows as the database would count them; DELETE empties them (the real StackData runs in the workshop suite).
  let deliveries = 3;
  const data = { counts: async () => ({ delivery: { deliveries } }), empty: async () => ((deliveries = 0), { delivery: { deliveries } }) } as unknown as StackData;
  // A gateway nobody listens on: set() is refused before any load would be sent.
  const controls: StackControls = { activity, verdicts: new RolloutVerdictMetrics(['users', 'delivery', 'web']), rollouts, load: new LoadControl('http://127.0.0.1:9'), data, stop: async () => undefined };
  const route = (line: string, body?: unknown) => {
    const [method, pathname] = line.split(' ');
    const { route: key, service } = routeOf(method, pathname);
    return handleControlRoute(stack, controls, key, service, async () => body);
  };

  it('counts the services\' rows, and empties them on DELETE', async () => {
    expect(await route('GET /api/data')).toEqual({ status: 200, body: { delivery: { deliveries: 3 } } });
    expect(await route('DELETE /api/data')).toEqual({ status: 200, body: { delivery: { deliveries: 0 } } });
  });

  it('starts a rollout with the parsed request', async () => {
    expect(await route('POST /api/rollouts/delivery', { strategy: 'canary', steps: [25, 100] })).toEqual({ status: 202, body: { service: 'delivery' } });
    expect(started.at(-1)).toEqual({ strategy: 'canary', steps: [25, 100] });
  });

  it('answers bad input with a 400 naming the field, and refusals with their status', async () => {
    expect(await route('POST /api/rollouts/delivery', { strategy: 'canary', steps: 'all' })).toMatchObject({ status: 400, problem: expect.stringMatching(/^steps: /) });
    expect(await route('POST /api/rollouts/users', { strategy: 'canary' })).toMatchObject({ status: 409, problem: expect.stringMatching(/no other version/) });
    expect(await route('PUT /api/load', { rps: -1 })).toMatchObject({ status: 400, problem: expect.stringMatching(/^rps: /) });
    expect(await route('PUT /api/load', { rps: 1.5 })).toMatchObject({ status: 400 });
  });

  it('lists every service with its running state, routing as data and events', async () => {
    const answer = await route('GET /api/rollouts');
    expect(answer).toMatchObject({
      status: 200,
      body: {
        delivery: { running: true, routing: { strategy: 'none', shares: [{ track: 'stable', version: 'v1', percent: 100 }], headerRoutes: [] }, events: [{ type: 'started' }] },
        users: { running: false, events: [] },
        web: { running: false },
      },
    });
  });

  it('reports the load as off until it is switched on', async () => {
    expect(await route('GET /api/load')).toEqual({ status: 200, body: { rps: 0, running: false, lastWindow: undefined } });
    expect(await route('PUT /api/load', { rps: 0 })).toEqual({ status: 200, body: { rps: 0, running: false, lastWindow: undefined } });
  });

  it('leaves other routes to the rest of the admin API', async () => {
    expect(await route('GET /api/stack')).toBeUndefined();
  });
});

describe('promote and abort belong to the rollout in progress', () => {
  it('keeps a request only while a CLI rollout runs, and drops it when that rollout finishes or the next starts', () => {
    const activity = new RolloutActivity();
    expect(activity.request('delivery', 'promote')).toBe(false);
    expect(activity.take('delivery')).toBeUndefined();

    activity.record('delivery', { type: 'started' });
    expect(activity.request('delivery', 'abort')).toBe(true);
    expect(activity.take('delivery')).toBe('abort');

    activity.request('delivery', 'promote');
    activity.record('delivery', { type: 'finished', status: 'rolled-back' });
    expect(activity.inProgress('delivery')).toBe(false);
    activity.record('delivery', { type: 'started' });
    // The promote asked of the finished rollout must not promote this one without analysis.
    expect(activity.take('delivery')).toBeUndefined();
  });

  it('the admin API answers 409 problem+json for a control with nothing in progress, 202 during a rollout', async () => {
    const activity = new RolloutActivity();
    const controls = { activity, verdicts: new RolloutVerdictMetrics(['delivery']), rollouts: { control: () => false, isRunning: () => false } as unknown as RolloutRunner, load: new LoadControl('http://127.0.0.1:9'), data: {} as StackData, stop: async () => undefined };
    const server = await startStackAdminApi({} as LocalStack, 0, controls);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/rollouts/delivery/control`;
    const post = (action: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
    try {
      const stale = await post('promote');
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toBe('application/problem+json');
      expect(await stale.json()).toMatchObject({ status: 409, detail: 'no rollout of delivery is in progress: there is nothing to promote' });
      activity.record('delivery', { type: 'started' });
      expect((await post('abort')).status).toBe(202);
      expect(activity.take('delivery')).toBe('abort');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('stack admin API errors', () => {
  it('answers a body of the wrong shape with a 400 problem that shows no internals', async () => {
    const controls = { activity: new RolloutActivity(), verdicts: new RolloutVerdictMetrics(['delivery']), rollouts: { control: () => false, isRunning: () => false } as unknown as RolloutRunner, load: new LoadControl('http://127.0.0.1:9'), data: {} as StackData, stop: async () => undefined };
    const server = await startStackAdminApi({} as LocalStack, 0, controls);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // `null` is valid JSON; reading `.action` of it is a TypeError inside the handler.
      const res = await fetch(`${base}/api/rollouts/delivery/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { detail: string };
      expect(body.detail).toMatch(/^body: not the shape this endpoint takes/);
      expect(body.detail).not.toMatch(/TypeError|Cannot read|null|undefined/);
    } finally {
      stderr.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the stack admin API answers this machine only', () => {
  const controls = () => ({ activity: new RolloutActivity(), verdicts: new RolloutVerdictMetrics(['delivery']), rollouts: { control: () => true, isRunning: () => true } as unknown as RolloutRunner, load: new LoadControl('http://127.0.0.1:9'), data: {} as StackData, stop: async () => undefined });

  /** A raw request, so the test can send the Host header a rebound DNS name would carry. */
  function send(port: number, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path: '/api/rollouts/delivery/control', headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('refuses a rebound Host, another site\'s Origin and a text/plain body; takes JSON from 127.0.0.1', async () => {
    const server = await startStackAdminApi({} as LocalStack, 0, controls());
    const port = (server.address() as AddressInfo).port;
    const body = JSON.stringify({ action: 'abort' });
    try {
      expect((await send(port, 'GET', { host: `rebind.attacker.example:${port}` })).status).toBe(403);
      const foreign = await send(port, 'POST', { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'application/json' }, body);
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.body)).toMatchObject({ title: 'Forbidden', detail: expect.stringMatching(/^origin: /) });
      const simple = await send(port, 'POST', { host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, body);
      expect(simple.status).toBe(415);
      expect((await send(port, 'POST', { host: `127.0.0.1:${port}`, 'content-type': 'application/json' }, body)).status).toBe(202);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('takes a change, or a pending control, only with the run\'s control token', async () => {
    const token = 'run-token-0123456789-0123456789-abcdef';
    const server = await startStackAdminApi({ controlToken: token } as LocalStack, 0, controls());
    const port = (server.address() as AddressInfo).port;
    const json = { host: `127.0.0.1:${port}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ action: 'abort' });
    try {
      const missing = await send(port, 'POST', json, body);
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body)).toMatchObject({ title: 'Unauthorized', status: 401, detail: expect.stringMatching(/^authorization: send "Authorization: Bearer <token>"/) });
      expect((await send(port, 'POST', { ...json, authorization: 'Bearer run-token-0123456789-0123456789-abcdeF' }, body)).status).toBe(401);
      expect((await send(port, 'POST', { ...json, authorization: `Bearer ${token}` }, body)).status).toBe(202);
      // Polling for a control takes it: that needs the token too.
      expect((await send(port, 'GET', { host: `127.0.0.1:${port}` })).status).toBe(401);
      expect((await send(port, 'GET', { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
