import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, loadConfig } from '@courier/service-kit';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { WebConfigSchema } from '../src/web.config';
import { WebModule } from '../src/web.module';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A scripted upstream over real HTTP that records what the BFF sent it. */
async function scriptedUpstream(answer: (req: Recorded) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const seen: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(recorded);
      const out = answer(recorded);
      res.writeHead(out.status, { 'content-type': out.status >= 400 ? 'application/problem+json' : 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

const now = new Date().toISOString();
const user = { id: '11111111-1111-4111-8111-111111111111', email: 'ada@example.com', name: 'Ada', createdAt: now, updatedAt: now };
const delivery = {
  id: '22222222-2222-4222-8222-222222222222',
  ownerId: user.id,
  pickupAddress: 'A',
  dropoffAddress: 'B',
  distanceKm: 3,
  status: 'CREATED',
  eta: { estimatedArrival: now, minutes: 26, model: 'flat-speed-v1' },
  createdAt: now,
  updatedAt: now,
  events: [],
  servedBy: { version: 'v2', track: 'canary' },
};

describe('web BFF', () => {
  let app: NestFastifyApplication;
  let users: Awaited<ReturnType<typeof scriptedUpstream>>;
  let deliveries: Awaited<ReturnType<typeof scriptedUpstream>>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    users = await scriptedUpstream((req) =>
      req.method === 'POST' ? { status: 201, body: user } : req.url.startsWith(`/users/${user.id}`) ? { status: 200, body: user } : { status: 404, body: { title: 'Not Found', status: 404, detail: 'no such user' } },
    );
    deliveries = await scriptedUpstream((req) =>
      req.headers['idempotency-key'] === 'seen-before' ? { status: 200, body: delivery, headers: { 'idempotent-replayed': 'true' } } : { status: req.method === 'POST' ? 201 : 200, body: delivery },
    );
    const config = loadConfig('web', WebConfigSchema, { USERS_URL: users.url, DELIVERY_URL: deliveries.url, UPSTREAM_TIMEOUT_MS: '500', LOG_LEVEL: 'warn', STREAMS_PORT: '0' });
    app = await createServiceApp({ service: 'web', module: WebModule.register(config), config, logDestination: new Writable({ write: (_c, _e, done) => done() }) });
    });
  afterAll(async () => {
    await app.close();
    await users.close();
    await deliveries.close();
  });

  it('serves the customer page', async () => {
    const res = await http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Send a parcel');
  });

  it('allows no inline script on the page, and serves its script as an asset', async () => {
    const page = await http().get('/').expect(200);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(page.text).not.toMatch(/<script>/);
    expect(page.text).toContain('<script src="/assets/home.js" defer></script>');
    const script = await http().get('/assets/home.js').expect(200);
    expect(script.headers['content-type']).toMatch(/text\/javascript/);
    expect(script.text).toContain("$('delivery-form').addEventListener('submit'");
  });

  it('sends nosniff, no-referrer and a no-framing policy on every answer, JSON and problems included', async () => {
    for (const res of [await http().get('/'), await http().get('/healthz'), await http().get('/api/deliveries/nope'), await http().get('/assets/nope.js')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    }
    expect((await http().get('/healthz')).headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('keeps prototype names out of the asset allow-list', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await http().get(`/assets/${name}`).expect(404);
      expect(res.body.detail).toMatch(new RegExp(`^param.file: no asset "${name}"`));
    }
  });

  it('creates a user through the users client, forwarding the request id and trace context', async () => {
    const res = await http().post('/api/users').set('x-request-id', 'from-browser-1').send({ email: 'Ada@example.com', name: 'Ada' }).expect(201);
    expect(res.body).toEqual(user);
    const sent = users.seen.at(-1)!;
    expect(sent.headers['x-request-id']).toBe('from-browser-1');
    expect(JSON.parse(sent.body)).toEqual({ email: 'ada@example.com', name: 'Ada' });
  });

  it('passes a downstream 404 problem through', async () => {
    const res = await http().get('/api/users/33333333-3333-4333-8333-333333333333').expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toBe('no such user');
  });

  it('validates at the edge before calling anyone', async () => {
    const before = users.seen.length;
    const res = await http().post('/api/users').send({ email: 'nope' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.email', 'body.name']));
    expect(users.seen.length).toBe(before);
  });

  it('passes the Idempotency-Key through and reports a replay', async () => {
    const body = { ownerId: user.id, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 3 };
    const first = await http().post('/api/deliveries').set('idempotency-key', 'fresh-key').send(body).expect(201);
    expect(deliveries.seen.at(-1)!.headers['idempotency-key']).toBe('fresh-key');
    expect(first.body.servedBy).toEqual({ version: 'v2', track: 'canary' });
    const replay = await http().post('/api/deliveries').set('idempotency-key', 'seen-before').send(body).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('answers a fast 503 when an upstream is down', async () => {
    const config = loadConfig('web', WebConfigSchema, { USERS_URL: 'http://127.0.0.1:9', DELIVERY_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', STREAMS_PORT: '0' });
    const isolated = await createServiceApp({ service: 'web', module: WebModule.register(config), config, logDestination: new Writable({ write: (_c, _e, done) => done() }) });
    try {
      const started = Date.now();
      const res = await request(isolated.getHttpServer()).get(`/api/deliveries/${delivery.id}`).expect(503);
      expect(res.body.detail).toMatch(/delivery is unavailable/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await isolated.close();
    }
  });
});
