import type { IncomingMessage } from 'node:http';
import { refuseForeignControl } from '../src/local-control-guard';

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const json = { 'content-type': 'application/json' };

describe('control requests must come from this machine, as JSON', () => {
  it.each(['127.0.0.1:8079', 'localhost:15020', '[::1]:8079', 'LOCALHOST', '127.0.0.1'])('accepts Host %s', (host) => {
    expect(refuseForeignControl(request('POST', { host, ...json }))).toBeUndefined();
  });

  it.each(['rebind.attacker.example:8079', 'courier.example', '10.0.0.5:8079', ''])('refuses Host "%s" (DNS rebinding)', (host) => {
    expect(refuseForeignControl(request('GET', { host }))).toEqual({ status: 403, detail: expect.stringMatching(/^host: .* is not this machine/) });
  });

  it('accepts a page of this machine as Origin, and refuses any other, an opaque one included', () => {
    expect(refuseForeignControl(request('POST', { host: '127.0.0.1:8079', origin: 'http://127.0.0.1:8080', ...json }))).toBeUndefined();
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example:8080', 'null']) {
      expect(refuseForeignControl(request('POST', { host: '127.0.0.1:8079', origin, ...json }))).toEqual({ status: 403, detail: expect.stringMatching(/^origin: /) });
    }
  });

  it.each([undefined, 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a change whose body type a browser sends cross-site without a preflight: %s',
    (type) => {
      const headers: Record<string, string> = { host: '127.0.0.1:8079', ...(type ? { 'content-type': type } : {}) };
      expect(refuseForeignControl(request('POST', headers))).toEqual({ status: 415, detail: expect.stringMatching(/^content-type: send the body as application\/json/) });
      expect(refuseForeignControl(request('GET', headers))).toBeUndefined();
    },
  );

  it('accepts JSON and YAML bodies', () => {
    expect(refuseForeignControl(request('PUT', { host: '127.0.0.1', 'content-type': 'application/json; charset=utf-8' }))).toBeUndefined();
    expect(refuseForeignControl(request('PUT', { host: '127.0.0.1', 'content-type': 'application/yaml' }))).toBeUndefined();
  });

  it('with a control token, accepts a change only with that bearer token; reads need none', () => {
    const change = (authorization?: string) => request('PUT', { host: '127.0.0.1:15020', ...json, ...(authorization ? { authorization } : {}) });
    expect(refuseForeignControl(change('Bearer s3cret-token'), 's3cret-token')).toBeUndefined();
    expect(refuseForeignControl(change('bearer s3cret-token'), 's3cret-token')).toBeUndefined();
    for (const wrong of [undefined, 'Bearer s3cret-tokeN', 'Bearer s3cret', 'Basic czNjcmV0LXRva2Vu', 's3cret-token']) {
      expect(refuseForeignControl(change(wrong), 's3cret-token')).toEqual({ status: 401, detail: expect.stringMatching(/^authorization: send "Authorization: Bearer <token>"/) });
    }
    expect(refuseForeignControl(request('GET', { host: '127.0.0.1:15020' }), 's3cret-token')).toBeUndefined();
  });

  it('checks Host, Origin and the body type before the token, so a foreign page learns nothing about it', () => {
    expect(refuseForeignControl(request('PUT', { host: 'rebind.attacker.example', ...json, authorization: 'Bearer t' }), 't')?.status).toBe(403);
    expect(refuseForeignControl(request('PUT', { host: '127.0.0.1', 'content-type': 'text/plain', authorization: 'Bearer t' }), 't')?.status).toBe(415);
  });
});
