import { connect } from 'node:net';
import { Agent } from 'undici';

/** What a fuzzed request got back, or that it got nothing in time. */
export interface Answer {
  status: number;
  contentType: string;
  body: string;
  elapsedMs: number;
  /** Set when no complete answer arrived within the deadline (a hang) or the connection broke. */
  failure?: string;
}

export interface OutgoingRequest {
  method: string;
  /** Path and query, already encoded as it should go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Every request gets this long for the whole answer: a service that takes longer is hanging. */
export const REQUEST_DEADLINE_MS = 5000;

const agent = new Agent({ headersTimeout: REQUEST_DEADLINE_MS, bodyTimeout: REQUEST_DEADLINE_MS, connections: 16 });

/** One request with a hard deadline; a hang or a broken connection comes back as `failure`, never throws. */
export async function sendBounded(baseUrl: string, outgoing: OutgoingRequest): Promise<Answer> {
  const startedAt = performance.now();
  try {
    // origin + path, not a URL: the path goes on the wire verbatim, `..` segments included.
    const response = await agent.request({
      origin: baseUrl,
      path: outgoing.path,
      method: outgoing.method as 'GET',
      headers: outgoing.headers,
      body: outgoing.body,
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
    const body = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, contentType, body, elapsedMs: performance.now() - startedAt };
  } catch (error) {
    return { status: 0, contentType: '', body: '', elapsedMs: performance.now() - startedAt, failure: describe(error) };
  }
}

/**
 * Writes bytes no well-behaved client would send (CR/LF inside a header value, a lying
 * content-length) on a fresh socket and reads the answer up to the server's close or the deadline.
 */
export function sendRaw(baseUrl: string, raw: string | Buffer): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    const finish = (failure?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseRawAnswer(Buffer.concat(chunks).toString('latin1')), elapsedMs: performance.now() - startedAt, failure });
    };
    const timer = setTimeout(() => finish(chunks.length === 0 ? `no answer within ${REQUEST_DEADLINE_MS} ms` : undefined), REQUEST_DEADLINE_MS);
    // No half-close after the request: Node's HTTP server aborts the pending answer when the client ends its side.
    socket.on('connect', () => socket.write(raw));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One complete answer is enough: the server may keep the connection open afterwards.
      if (isCompleteAnswer(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('end', () => finish(chunks.length === 0 ? 'connection closed without an answer' : undefined));
    socket.on('error', (error) => finish(chunks.length === 0 ? describe(error) : undefined));
  });
}

function parseRawAnswer(text: string): Pick<Answer, 'status' | 'contentType' | 'body'> {
  const [head = '', body = ''] = splitOnce(text, '\r\n\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const contentType = /\r\ncontent-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? '';
  return { status, contentType, body };
}

function isCompleteAnswer(text: string): boolean {
  const [head, body] = splitOnce(text, '\r\n\r\n');
  if (body === undefined) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  if (length !== undefined) return Buffer.byteLength(body, 'latin1') >= Number(length);
  return /\r\ntransfer-encoding:\s*chunked/i.test(head) ? body.endsWith('0\r\n\r\n') : false;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

function describe(error: unknown): string {
  const err = error as { name?: string; code?: string; message?: string };
  return [err.name, err.code, err.message].filter(Boolean).join(': ');
}
