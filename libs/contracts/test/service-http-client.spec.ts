import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ProblemError, ServiceHttpClient } from '../src';

/** A real HTTP upstream whose answer each test scripts. */
let server: Server;
let baseUrl: string;
let handler: (url: string, headers: IncomingHttpHeaders, body: string) => { status: number; body?: string; delayMs?: number; contentType?: string };
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  // What the OpenTelemetry SDK registers in a running service.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const out = handler(req.url ?? '', req.headers, body);
      setTimeout(() => {
        res.writeHead(out.status, { 'content-type': out.contentType ?? 'application/json' });
        res.end(out.body ?? '');
      }, out.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const Thing = z.object({ id: z.string() });
const client = (timeoutMs = 300) => new ServiceHttpClient({ service: 'things', baseUrl, timeoutMs, contextHeaders: () => ({ 'x-request-id': 'req-42' }) });

describe('ServiceHttpClient', () => {
  it('returns the validated body and sends JSON with the request id', async () => {
    handler = () => ({ status: 200, body: JSON.stringify({ id: 'a', extra: true }) });
    const res = await client().request({ method: 'POST', path: '/things', body: { name: 'x' }, query: { limit: 5, skip: undefined }, schema: Thing });
    expect(res.body).toEqual({ id: 'a' });
    const sent = received.at(-1)!;
    expect(sent.headers['x-request-id']).toBe('req-42');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({ name: 'x' });
  });

  it('propagates the active W3C trace context', async () => {
    handler = () => ({ status: 200, body: '{"id":"a"}' });
    const parent = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
    await context.with(trace.setSpan(context.active(), parent), () => client().request({ method: 'GET', path: '/t', schema: Thing }));
    expect(received.at(-1)!.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it('passes a 4xx problem through as a ProblemError with the callee status', async () => {
    handler = () => ({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Conflict', status: 409, detail: 'taken' }) });
    await expect(client().request({ method: 'POST', path: '/things' })).rejects.toMatchObject({ status: 409, problem: { detail: 'taken' } });
  });

  it('maps a 5xx to 503 dependency-unavailable', async () => {
    handler = () => ({ status: 500, body: '{}' });
    const error = await client().request({ method: 'GET', path: '/x' }).catch((e) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.problem).toMatchObject({ status: 503, dependency: 'things', detail: 'things is unavailable: answered 500' });
  });

  it('answers 503 within the deadline when the callee hangs', async () => {
    handler = () => ({ status: 200, body: '{"id":"a"}', delayMs: 2000 });
    const started = Date.now();
    await expect(client(200).request({ method: 'GET', path: '/slow', schema: Thing })).rejects.toMatchObject({ status: 503 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 503 when nothing listens', async () => {
    const dead = new ServiceHttpClient({ service: 'ghost', baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 });
    await expect(dead.request({ method: 'GET', path: '/' })).rejects.toMatchObject({ status: 503, problem: { detail: expect.stringMatching(/ghost is unavailable: ECONNREFUSED/) } });
  });

  it('treats a body that breaks the contract as an unavailable dependency, not a crash', async () => {
    handler = () => ({ status: 200, body: '{"unexpected": 1}' });
    await expect(client().request({ method: 'GET', path: '/x', schema: Thing })).rejects.toMatchObject({ status: 503 });
  });
});
