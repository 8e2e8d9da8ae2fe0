import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { dependency, startSampleService, type LogCapture } from './sample-service';

describe('a service booted by service-kit', () => {
  let app: NestFastifyApplication;
  let logs: LogCapture;

  beforeAll(async () => {
    ({ app, logs } = await startSampleService());
  });
  afterAll(() => app.close());
  afterEach(() => {
    dependency.healthy = true;
  });

  const http = () => request(app.getHttpServer());

  it('answers liveness without checking dependencies', async () => {
    dependency.healthy = false;
    await http().get('/healthz').expect(200);
  });

  it('answers readiness from registered checks, 503 problem when one fails', async () => {
    await http().get('/readyz').expect(200);
    dependency.healthy = false;
    const res = await http().get('/readyz').expect(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.checks['sample-dependency'].status).toBe('down');
  });

  it('reports its identity on /version', async () => {
    const res = await http().get('/version').expect(200);
    expect(res.body).toEqual({ service: 'sample', version: 'v2', track: 'canary', commit: 'abc123' });
  });

  it('exposes the request histogram by route, method and status plus the info metric', async () => {
    await http().post('/echo').send({ name: 'a', count: 1 }).expect(201);
    const res = await http().get('/metrics').expect(200);
    expect(res.text).toMatch(/http_server_request_duration_bucket\{[^}]*http_route="\/echo"[^}]*\}/);
    const line = res.text.split('\n').find((l) => l.startsWith('http_server_request_duration_count') && l.includes('http_route="/echo"'));
    expect(line).toContain('http_request_method="POST"');
    expect(line).toContain('http_response_status_code="201"');
    expect(line).toContain('version="v2"');
    expect(res.text).toMatch(/courier_service_info\{[^}]*version="v2"[^}]*\} 1/);
  });

  it('labels every series with the version and track, once per metric family, and counts active requests', async () => {
    await http().post('/echo').send({ name: 'a', count: 1 }).expect(201);
    const res = await http().get('/metrics').expect(200);
    const families = res.text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    // Prometheus refuses a scrape that declares a family twice.
    expect(families.length).toBe(new Set(families).size);
    const samples = res.text.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('target_info'));
    for (const sample of samples) expect(sample).toMatch(/service_version="v2".*deployment_track="canary"|deployment_track="canary".*service_version="v2"/);
    expect(res.text).toMatch(/http_server_active_requests\{[^}]*http_request_method="GET"[^}]*track="canary"[^}]*\} 1/);
  });

  it('tags every response with a request id and the version that served it', async () => {
    const res = await http().get('/version').set('x-request-id', 'req-123').expect(200);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.headers['x-served-by']).toBe('sample/v2 (canary)');
  });

  it('replaces an unsafe request id instead of echoing it', async () => {
    const res = await http().get('/version').set('x-request-id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs JSON lines that carry the request id', async () => {
    await http().post('/echo').set('x-request-id', 'trace-me').send({ name: 'b', count: 2 }).expect(201);
    const line = logs.lines.find((l) => l.request_id === 'trace-me' && l.msg === 'request');
    expect(line).toMatchObject({ service: 'sample', version: 'v2', track: 'canary', status: 201, path: '/echo' });
  });

  describe('errors are RFC 9457 problem+json', () => {
    const expectProblem = (res: request.Response, status: number) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, title: expect.any(String), requestId: expect.any(String) });
    };

    it('names each invalid field', async () => {
      const res = await http().post('/echo').send({ name: '', count: 'three', extra: 1 });
      expectProblem(res, 400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['body.name', 'body.count', 'body']));
    });

    it('names an invalid route parameter', async () => {
      const res = await http().get('/echo/not-a-uuid');
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('param.id');
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await http().post('/echo').set('content-type', 'application/json').send('{"name": ');
      expectProblem(res, 400);
      expect(res.body.detail).toMatch(/not valid JSON/);
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])('rejects content type %s with 415', async (type) => {
      expectProblem(await http().post('/echo').set('content-type', type).send('name=a'), 415);
    });

    it('rejects an oversized body with 413', async () => {
      expectProblem(await http().post('/echo').send({ name: 'x'.repeat(70 * 1024), count: 1 }), 413);
    });

    it('answers unknown routes with 404', async () => {
      expectProblem(await http().get('/nope'), 404);
    });

    it('hides internal error details behind a 500 and logs the stack', async () => {
      const res = await http().get('/echo');
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toContain('kaboom');
      expect(logs.lines.some((l) => l.level === 'error' && JSON.stringify(l).includes('kaboom'))).toBe(true);
    });
  });

  it('detects mirrored (shadow) traffic from the Host header', async () => {
    const res = await http().post('/echo').set('host', 'sample-shadow:8080').send({ name: 'm', count: 0 }).expect(201);
    expect(res.body.shadow).toBe(true);
  });
});

describe('fault injection from config', () => {
  it('fails the configured share of application requests, never probes', async () => {
    const { app } = await startSampleService({ FAULT_ERROR_RATE: '1', FAULT_ROUTE: '^/echo' });
    try {
      const res = await request(app.getHttpServer()).post('/echo').send({ name: 'a', count: 1 });
      expect(res.status).toBe(500);
      expect(res.body.type).toBe('https://courier.dev/problems/injected-fault');
      await request(app.getHttpServer()).get('/healthz').expect(200);
      await request(app.getHttpServer()).get('/version').expect(200);
    } finally {
      await app.close();
    }
  });

  it('adds the configured latency', async () => {
    const { app } = await startSampleService({ FAULT_DELAY_MS: '150' });
    try {
      const started = Date.now();
      await request(app.getHttpServer()).post('/echo').send({ name: 'a', count: 1 }).expect(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await app.close();
    }
  });
});
