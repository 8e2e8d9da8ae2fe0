import { PROBLEM_CONTENT_TYPE, ProblemError } from '@courier/contracts';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Fastify's router rejects some URLs before any route or Nest filter runs (bad percent-encoding:
 * 400; a path parameter over maxParamLength: 414). As a ProblemError they leave as problem+json,
 * rendered by the same code as every other error.
 */
export function problemFromFrameworkError(error: { statusCode?: number; message: string }): ProblemError {
  const status = error.statusCode ?? 400;
  return new ProblemError({ title: STATUS_CODES[status] ?? 'Bad Request', status, detail: error.message });
}

/** HTTP/1.1 without Host is a 400 (RFC 9112 §3.2); answered by us so that it is problem+json too. */
export function missingHostProblem(httpVersion: string, host: string | undefined): ProblemError | undefined {
  return httpVersion === '1.1' && host === undefined
    ? new ProblemError({ title: 'Bad Request', status: 400, detail: 'an HTTP/1.1 request must carry a Host header' })
    : undefined;
}

/**
 * Requests Node's HTTP parser rejects (malformed framing, header injection, oversized heads) never
 * reach Fastify's request cycle. Fastify's default answer is plain JSON; this one is problem+json
 * like every other error, written on the raw socket, which is then closed as Node does.
 */
export function replyToClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408 ? 'the request was not received in time' : status === 431 ? 'the request head is larger than the server accepts' : `the request is not valid HTTP (${error.code ?? 'parse error'})`;
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
