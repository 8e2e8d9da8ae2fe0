import { type IncomingMessage } from 'node:http';

/** Largest request body the mesh buffers (it must keep the body to retry and mirror it). */
export const MAX_BUFFERED_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BUFFERED_BODY_BYTES} bytes`);
  }
}

/**
 * Reads a request body into memory, as Envoy buffers bodies it may have to replay for a retry
 * or copy to a mirror. Requests that declare no body are not waited on at all.
 */
export function readRequestBody(request: IncomingMessage): Promise<Buffer> | null {
  const length = request.headers['content-length'];
  // Node discards an unread (empty) body itself once the response finishes.
  if ((length === undefined || length === '0') && request.headers['transfer-encoding'] === undefined) return null;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BUFFERED_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
