import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, loadConfig } from '@courier/service-kit';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { EventStreamServer } from '../src/control-room/event-stream-server';
import { WebConfigSchema } from '../src/web.config';
import { WebModule } from '../src/web.module';
import { startFakeStack } from './fake-stack';

const silent = () => new Writable({ write: (_c, _e, done) => done() });
const TOKEN = 'demo-token-0123456789';

async function webApp(env: Record<string, string>, assetsDir?: string): Promise<NestFastifyApplication> {
  const config = loadConfig('web', WebConfigSchema, { LOG_LEVEL: 'silent', STREAMS_PORT: '0', ...env });
  return createServiceApp({ service: 'web', module: WebModule.register(config, { assetsDir }), config, logDestination: silent() });
}

/** Where `app` serves the control room's event streams: a port of their own. */
const eventsUrl = (app: NestFastifyApplication) => `http://127.0.0.1:${app.get(EventStreamServer).port}/api/control-room/events`;

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads an event stream until `until` matches, or the stream ends. */
async function readEvents(url: string, until: (text: string) => boolean): Promise<{ contentType: string; text: string; ended: boolean }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { contentType: res.headers.get('content-type') ?? '', text, ended: true };
    text += Buffer.from(value).toString('utf8');
    if (until(text)) {
      await reader.cancel();
      return { contentType: res.headers.get('content-type') ?? '', text, ended: false };
    }
  }
}

describe('control room (local stack)', () => {
  let stack: Awaited<ReturnType<typeof startFakeStack>>;
  let app: NestFastifyApplication;
  let assetsDir: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    stack = await startFakeStack();
    assetsDir = await mkdtemp(path.join(os.tmpdir(), 'web-assets-'));
    await writeFile(path.join(assetsDir, 'control-room.js'), 'console.log("bundle")');
    app = await webApp({ STACK_ADMIN_URL: stack.url, CONTROL_TOKEN: TOKEN, SSE_STREAM_MAX_MS: '1500' }, assetsDir);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await stack.close();
    await rm(assetsDir, { recursive: true, force: true });
  });

  it('serves the control room page, linked from the customer page', async () => {
    const page = await http().get('/control-room').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<script src="/assets/control-room.js" defer>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await http().get('/').expect(200)).text).toContain('href="/control-room"');
  });

  it('serves only the built assets, with their content types', async () => {
    const js = await http().get('/assets/control-room.js').expect(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    expect(js.text).toContain('bundle');
    const missing = await http().get('/assets/control-room.css').expect(404);
    expect(missing.body.detail).toMatch(/npx nx build web/);
    expect((await http().get('/assets/..%2Fsecret').expect(404)).headers['content-type']).toMatch(/problem\+json/);
  });

  it('shows each version\'s traffic, the routing and the rollout steps as one snapshot', async () => {
    const { body } = await http().get('/api/control-room/state').expect(200);
    const delivery = body.services.find((s: { service: string }) => s.service === 'delivery');
    expect(delivery.routing).toEqual(['delivery: canary — stable v1 90%', 'canary v2 10%']);
    expect(delivery.versions).toEqual([
      { version: 'v1', role: 'stable', faults: { errorRate: 0, delayMs: 0 }, restarting: false },
      { version: 'v2', role: 'new', faults: { errorRate: 0.2, delayMs: 150 }, restarting: false },
    ]);
    expect(delivery.traffic).toContainEqual({ version: 'v2', kind: 'primary', rps: 3, errorRate: 0.2, p99Ms: 180 });
    expect(delivery.rollout).toMatchObject({ running: true, strategy: 'canary', steps: [{ name: 'canary 10%', state: 'passed' }, { name: 'canary 100%', state: 'running' }] });
    expect(delivery.rollout.steps[0].analysis).toEqual(['pass: success rate 100.0%, p99 20 ms']);
    expect(body.load).toEqual({ running: true, rps: 30, sent: 300, failed: 2 });
    expect(body.mesh).toBe('Istio VirtualService · local mesh (sidecar semantics)');
  });

  it('streams history, then a snapshot every second, over Server-Sent Events', async () => {
    const url = eventsUrl(app);
    const started = Date.now();
    const stream = await readEvents(url, (text) => (text.match(/event: snapshot/g) ?? []).length >= 2);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(stream.text).toMatch(/^retry: \d+/);
    expect(stream.text).toContain('event: history');
    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(stream.text)?.[1] ?? '{}');
    expect(snapshot.services.map((s: { service: string }) => s.service)).toEqual(['users', 'delivery']);
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('serves the streams on their own port only, and nothing else there (so analysis of web\'s port sees customer requests only)', async () => {
    expect((await http().get('/api/control-room/events')).status).toBe(404);
    expect(app.get(EventStreamServer).port).not.toBe((app.getHttpServer().address() as AddressInfo).port);
    const streamsOrigin = new URL(eventsUrl(app)).origin;
    for (const other of ['/', '/api/control-room/state', '/metrics', '/api/control-room/events/x']) {
      const res = await fetch(`${streamsOrigin}${other}`);
      expect({ other, status: res.status, type: res.headers.get('content-type') }).toEqual({ other, status: 404, type: 'application/problem+json' });
    }
    const post = await fetch(eventsUrl(app), { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('ends each stream after SSE_STREAM_MAX_MS, below the route timeout in front of web', async () => {
    const url = eventsUrl(app);
    const first = await readEvents(url, () => false);
    expect(first.ended).toBe(true);
    expect(first.text).toContain('event: snapshot');
    // A reconnect gets the seconds seen so far as history, so the chart has no gap.
    const again = await readEvents(url, (text) => text.includes('event: history'));
    expect(JSON.parse(/event: history\ndata: (.*)\n/.exec(again.text)?.[1] ?? '[]').length).toBeGreaterThan(0);
  });

  it('caps the open event streams per process: past SSE_MAX_CLIENTS, a fast 503 problem', async () => {
    const capped = await webApp({ STACK_ADMIN_URL: stack.url, CONTROL_TOKEN: TOKEN, SSE_MAX_CLIENTS: '2', SSE_STREAM_MAX_MS: '5000' });
    await capped.listen({ port: 0, host: '127.0.0.1' });
    const url = eventsUrl(capped);
    const open = [new AbortController(), new AbortController()];
    try {
      for (const controller of open) expect((await fetch(url, { signal: controller.signal })).status).toBe(200);
      const refused = await fetch(url);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/SSE_MAX_CLIENTS/);
      open[0].abort();
      // A closed stream frees its place.
      let again = 503;
      for (let i = 0; i < 50 && again === 503; i++) {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        again = res?.status ?? 0;
        await res?.body?.cancel();
        if (again === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(again).toBe(200);
    } finally {
      for (const controller of open) controller.abort();
      await capped.close();
    }
  });

  it('refuses an action from another site\'s page, one without a JSON body, and (with CONTROL_AUTH=off) one to a rebound host name', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const actions = () => stack.seen.filter((call) => call.method !== 'GET').length;
    const before = actions();
    const foreign = await http().post('/api/rollouts/delivery/abort').set(auth).set('origin', 'https://evil.example').send({}).expect(403);
    expect(foreign.body.detail).toMatch(/^header\.origin: "https:\/\/evil\.example" is another site/);
    // No body, no content type: what a cross-site form or fetch can send without a preflight.
    const bodiless = await http().post('/api/rollouts/delivery/abort').set(auth).expect(415);
    expect(bodiless.body.detail).toMatch(/^header\.content-type: /);
    await http().post('/api/rollouts/delivery/abort').set(auth).set('content-type', 'text/plain').send('{}').expect(415);
    expect(actions()).toBe(before);

    const open = await webApp({ STACK_ADMIN_URL: stack.url, CONTROL_AUTH: 'off' });
    try {
      const rebound = await request(open.getHttpServer()).post('/api/rollouts/delivery/abort').set('host', 'rebind.attacker.example:8080').send({}).expect(403);
      expect(rebound.body.detail).toMatch(/^header\.host: "rebind\.attacker\.example:8080" is not this machine/);
      await request(open.getHttpServer()).post('/api/rollouts/delivery/abort').set('host', '127.0.0.1:8080').set('origin', 'http://127.0.0.1:8080').send({}).expect(202);
    } finally {
      await open.close();
    }
    expect(actions()).toBe(before + 1);
  });

  it('refuses actions without the bearer token', async () => {
    // The live feed may still be polling (GETs); no action may reach the stack.
    const actions = () => stack.seen.filter((call) => call.method !== 'GET').length;
    const before = actions();
    const res = await http().post('/api/rollouts/delivery').send({ strategy: 'canary' }).expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/Bearer/);
    await http().post('/api/rollouts/delivery').set('authorization', 'Bearer wrong-token-0123456789').send({ strategy: 'canary' }).expect(401);
    expect(actions()).toBe(before);
  });

  it('starts a rollout on the stack with the step shape from the request', async () => {
    const res = await http()
      .post('/api/rollouts/delivery')
      .set('authorization', `Bearer ${TOKEN}`)
      .send({ strategy: 'canary', steps: [10, 100], intervalSeconds: 3 })
      .expect(202);
    expect(res.body.strategy).toBe('canary');
    expect(stack.seen.filter((call) => call.method === 'POST').at(-1)).toEqual({
      method: 'POST',
      url: '/api/rollouts/delivery',
      body: { strategy: 'canary', steps: [10, 100], intervalSeconds: 3 },
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('names the bad field in a 400 problem', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const strategy = await http().post('/api/rollouts/delivery').set(auth).send({ strategy: 'yolo' }).expect(400);
    expect(strategy.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.strategy']);
    const steps = await http().post('/api/rollouts/delivery').set(auth).send({ strategy: 'canary', steps: [50, 10] }).expect(400);
    expect(steps.body.errors[0]).toMatchObject({ field: 'body.steps', detail: 'must ascend' });
    const service = await http().post('/api/rollouts/Payments!').set(auth).send({ strategy: 'canary' }).expect(400);
    expect(service.body.errors[0].field).toBe('param.service');
    const load = await http().put('/api/load').set(auth).send({ rps: 10_000 }).expect(400);
    expect(load.body.errors[0].field).toBe('body.rps');
    const faults = await http().put('/api/rollouts/delivery/versions/v2/faults').set(auth).send({ errorRate: 2, delayMs: 0 }).expect(400);
    expect(faults.body.errors[0].field).toBe('body.errorRate');
  });

  it('passes the stack\'s refusal through with its status', async () => {
    const res = await http().post('/api/rollouts/users').set('authorization', `Bearer ${TOKEN}`).send({ strategy: 'canary' }).expect(409);
    expect(res.body.detail).toMatch(/no other version/);
    // Which services exist is the stack's to say (a generated one needs no edit in web).
    const unknown = await http().post('/api/rollouts/payments').set('authorization', `Bearer ${TOKEN}`).send({ strategy: 'canary' }).expect(404);
    expect(unknown.body.detail).toBe('service: the local stack runs no service "payments"');
  });

  it('refuses a control with no rollout in progress (409 from the stack) and bad mode for a version that does not run (404)', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const stale = await http().post('/api/rollouts/users/promote').set(auth).send({}).expect(409);
    expect(stale.body.detail).toMatch(/no rollout of users is in progress/);
    const missing = await http().put('/api/rollouts/delivery/versions/v9/faults').set(auth).send({ errorRate: 0.2, delayMs: 0 }).expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.body.detail).toBe('version: no v9 of delivery runs in the stack');
    expect(stack.seen.some((call) => call.url === '/api/rollouts/delivery/versions/v9/faults')).toBe(false);
  });

  it('sends abort, bad mode and load to the stack, with the run\'s token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const from = stack.seen.length;
    await http().post('/api/rollouts/delivery/abort').set(auth).send({}).expect(202);
    const lastAction = () => stack.seen.filter((call) => call.method !== 'GET').at(-1);
    expect(lastAction()).toMatchObject({ method: 'POST', url: '/api/rollouts/delivery/control', body: { action: 'abort' } });
    // Accepted at once: the restart runs in the background, so the mesh never retries a slow request.
    const faults = await http().put('/api/rollouts/delivery/versions/v2/faults').set(auth).send({ errorRate: 0.2, delayMs: 150 }).expect(202);
    expect(faults.body).toEqual({ restarting: true });
    await waitUntil(() => lastAction()?.url === '/api/rollouts/delivery/versions/v2/faults');
    expect(lastAction()).toMatchObject({ method: 'PUT', body: { errorRate: 0.2, delayMs: 150 } });
    const load = await http().put('/api/load').set(auth).send({ rps: 50 }).expect(200);
    expect(load.body).toEqual({ running: true, rps: 50, sent: 0, failed: 0 });
    // The stack checks the same run's token on every change; reads carry none.
    const calls = stack.seen.slice(from);
    expect(calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.url} ${call.authorization}`)).toEqual([
      `POST /api/rollouts/delivery/control Bearer ${TOKEN}`,
      `PUT /api/rollouts/delivery/versions/v2/faults Bearer ${TOKEN}`,
      `PUT /api/load Bearer ${TOKEN}`,
    ]);
    expect(calls.filter((call) => call.method === 'GET').every((call) => call.authorization === undefined)).toBe(true);
  });
});

describe('control room without a reachable control plane', () => {
  it('answers a fast 503 problem when the stack is down', async () => {
    const app = await webApp({ STACK_ADMIN_URL: 'http://127.0.0.1:9', CONTROL_AUTH: 'off' });
    try {
      const started = Date.now();
      const res = await request(app.getHttpServer()).post('/api/rollouts/delivery').send({ strategy: 'canary' }).expect(503);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.detail).toMatch(/stack admin API is unavailable/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await app.close();
    }
  });

  it('refuses actions when no token is configured and auth is on', async () => {
    const app = await webApp({ STACK_ADMIN_URL: 'http://127.0.0.1:9' });
    try {
      const res = await request(app.getHttpServer()).put('/api/load').send({ rps: 5 }).expect(403);
      expect(res.body.detail).toMatch(/set CONTROL_TOKEN/);
    } finally {
      await app.close();
    }
  });
});

describe('control room on Kubernetes', () => {
  it('reads Istio metrics from Prometheus and answers actions with 501: the pipeline drives rollouts', async () => {
    const prometheus = await startFakePrometheus();
    const app = await webApp({ PROMETHEUS_URL: prometheus.url, CONTROL_TOKEN: TOKEN });
    try {
      const { body } = await request(app.getHttpServer()).get('/api/control-room/state').expect(200);
      const delivery = body.services.find((s: { service: string }) => s.service === 'delivery');
      expect(delivery.traffic).toEqual([{ version: 'v2', kind: 'primary', rps: 4, errorRate: 0.25, p99Ms: 4 }]);
      expect(body.actions.enabled).toBe(false);
      expect(prometheus.queries.every((q) => q.includes('reporter="destination"'))).toBe(true);
      expect(body.mesh).toBe('Istio VirtualService · sidecars');
      expect(delivery.routing).toEqual(['routing: see the routes (kubectl get virtualservice)']);
      const res = await request(app.getHttpServer()).post('/api/rollouts/delivery').set('authorization', `Bearer ${TOKEN}`).send({ strategy: 'canary' }).expect(501);
      expect(res.body.detail).toMatch(/courier rollout/);
    } finally {
      await app.close();
      await prometheus.close();
    }
  });

  it('in ambient mode reads the waypoint\'s report, the only proxy in front of the callee, and says which API and data plane run', async () => {
    const prometheus = await startFakePrometheus();
    const app = await webApp({ PROMETHEUS_URL: prometheus.url, CONTROL_TOKEN: TOKEN, ROUTING_API: 'gateway-api', MESH_MODE: 'ambient' });
    try {
      const { body } = await request(app.getHttpServer()).get('/api/control-room/state').expect(200);
      expect(prometheus.queries.length).toBeGreaterThan(0);
      expect(prometheus.queries.every((q) => q.includes('reporter="waypoint"'))).toBe(true);
      expect(body.mesh).toBe('Gateway API HTTPRoute · ambient (ztunnel + waypoint)');
      expect(body.source).toBe('Prometheus (Istio metrics, reporter="waypoint")');
      expect(body.services.find((s: { service: string }) => s.service === 'delivery').routing).toEqual(['routing: see the routes (kubectl get httproute)']);
    } finally {
      await app.close();
      await prometheus.close();
    }
  });

  it('refuses a mesh mode it does not know, naming the variable', async () => {
    await expect(webApp({ PROMETHEUS_URL: 'http://127.0.0.1:9', MESH_MODE: 'sidecarless' })).rejects.toThrow(/MESH_MODE/);
  });
});

/** Answers every instant query with one delivery v2 sample: rps 4, errors 1/s, p99 4 ms. */
async function startFakePrometheus() {
  const { createServer } = await import('node:http');
  const queries: string[] = [];
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://p').searchParams.get('query') ?? '';
    queries.push(query);
    const value = query.includes('response_code') ? '1' : '4';
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { destination_service_name: 'delivery', destination_version: 'v2' }, value: [0, value] }] } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
