/**
 * Requests that break HTTP framing rather than the API's schema: header injection, smuggling
 * attempts, raw path traversal, oversized heads and bodies. Clients such as undici refuse to send
 * them, so they go on a raw socket. `host` is the Host header to use.
 */
export function wireLevelRequests(host: string, apiPath: string): { name: string; raw: string | Buffer }[] {
  const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
  const json = '{"email":"a@example.com","name":"A"}';
  return [
    { name: 'CRLF in a header value (response splitting)', raw: head([`GET /healthz HTTP/1.1`, `Host: ${host}`, 'X-Request-Id: a\r\nSet-Cookie: injected=1', 'Connection: close']) },
    { name: 'bare LF inside a header value', raw: head([`GET ${apiPath} HTTP/1.1`, `Host: ${host}`, 'X-Request-Id: a\nb: c', 'Connection: close']) },
    { name: 'NUL inside a header value', raw: head([`GET ${apiPath} HTTP/1.1`, `Host: ${host}`, 'X-Request-Id: a\u0000b', 'Connection: close']) },
    { name: 'obsolete line folding', raw: head([`GET ${apiPath} HTTP/1.1`, `Host: ${host}`, 'X-Request-Id: a', ' folded', 'Connection: close']) },
    { name: 'header line without a colon', raw: head([`GET ${apiPath} HTTP/1.1`, `Host: ${host}`, 'NoColonHere', 'Connection: close']) },
    { name: '20 KiB header (over the 16 KiB limit)', raw: head([`GET ${apiPath} HTTP/1.1`, `Host: ${host}`, `X-Big: ${'x'.repeat(20_000)}`, 'Connection: close']) },
    { name: '20 KiB URL', raw: head([`GET ${apiPath}?q=${'x'.repeat(20_000)} HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    {
      name: 'Content-Length with Transfer-Encoding (smuggling)',
      raw: head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${json.length}`, 'Transfer-Encoding: chunked', 'Connection: close']) + json,
    },
    {
      name: 'two different Content-Length headers',
      raw: head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${json.length}`, 'Content-Length: 3', 'Connection: close']) + json,
    },
    { name: 'malformed chunk size', raw: head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked', 'Connection: close']) + 'zz\r\n{}\r\n0\r\n\r\n' },
    { name: 'unknown method', raw: head([`BREW ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    { name: 'missing Host header', raw: head([`GET ${apiPath} HTTP/1.1`, 'Connection: close']) },
    { name: 'absolute-form target to another host', raw: head([`GET http://evil.example${apiPath} HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    { name: 'raw ../ traversal', raw: head([`GET ${apiPath}/../../../../etc/passwd HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    { name: 'encoded ../ traversal', raw: head([`GET ${apiPath}/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    { name: 'invalid percent-encoding', raw: head([`GET ${apiPath}/%E0%A4%A HTTP/1.1`, `Host: ${host}`, 'Connection: close']) },
    { name: 'raw non-ASCII bytes in the path', raw: Buffer.concat([Buffer.from(`GET ${apiPath}/`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)]) },
    {
      name: '1 MiB JSON body (over the 64 KiB limit)',
      raw: (() => {
        const body = JSON.stringify({ email: 'a@example.com', name: 'n'.repeat(1024 * 1024) });
        return head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close']) + body;
      })(),
    },
    {
      name: 'JSON body with __proto__ (prototype pollution)',
      raw: (() => {
        const body = '{"email":"p@example.com","name":"P","__proto__":{"admin":true}}';
        return head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close']) + body;
      })(),
    },
    {
      name: 'deeply nested JSON (10 000 levels)',
      raw: (() => {
        const body = '['.repeat(10_000) + ']'.repeat(10_000);
        return head([`POST ${apiPath} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close']) + body;
      })(),
    },
    { name: 'HTTP/2 preface on the HTTP/1.1 port', raw: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
    { name: 'HTTP/1.0 without Host', raw: head([`GET ${apiPath} HTTP/1.0`]) },
  ];
}
