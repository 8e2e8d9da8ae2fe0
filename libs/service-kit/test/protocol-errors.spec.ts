import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSampleService } from './sample-service';

/** Writes raw bytes and returns what the server answered before closing the connection. */
function rawExchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(raw));
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Requests rejected before any route runs still answer RFC 9457 problem+json, like every other error. */
describe('protocol-level errors are problem+json', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    ({ app } = await startSampleService());
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  const expectProblem = (answer: string, status: number) => {
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status, title: expect.any(String) });
  };

  it.each([
    ['a header value with a bare LF', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n', 400],
    ['Content-Length together with Transfer-Encoding', 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}', 400],
    ['a head over 16 KiB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
  ])('malformed HTTP: %s', async (_name, raw, status) => {
    expectProblem(await rawExchange(port, raw), status);
  });

  it('invalid percent-encoding in the path is a 400 problem', async () => {
    expectProblem(await rawExchange(port, 'GET /echo/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400);
  });

  it('a path parameter longer than the router accepts is a 414 problem', async () => {
    expectProblem(await rawExchange(port, `GET /echo/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 414);
  });

  it('a request whose body stalls is cut off with a 408 problem after REQUEST_TIMEOUT_MS', async () => {
    const { app: strict } = await startSampleService({ REQUEST_TIMEOUT_MS: '1000' });
    await strict.listen({ port: 0, host: '127.0.0.1' });
    try {
      const started = Date.now();
      const answer = await rawExchange((strict.getHttpServer().address() as AddressInfo).port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
      expectProblem(answer, 408);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await strict.close();
    }
  });

  it('a JSON body that is not valid UTF-8 is a 400 problem that says so', async () => {
    const body = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"n":"<ff fe>"}
    const res = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toBe('body: not valid UTF-8; send the JSON encoded as UTF-8');
  });

  it('HTTP/1.1 without Host is a 400 problem', async () => {
    const answer = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expectProblem(answer, 400);
    expect(answer).toContain('Host header');
  });
});
