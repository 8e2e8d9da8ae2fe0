import { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type Dispatcher } from 'undici';
import { type UpstreamRequest } from './upstream-request';

/** How one try ended. */
export type AttemptResult =
  /** The response went to the client; `complete` is false when the upstream failed mid-body. */
  | { kind: 'committed'; status: number; complete: boolean }
  /** A retriable response, read and dropped so the connection can be reused. */
  | { kind: 'discarded'; status: number }
  | { kind: 'connect-failure' }
  | { kind: 'reset' }
  /** Stopped by the router: a timeout, or the client went away. */
  | { kind: 'cancelled' };

export interface AttemptHooks {
  /** Whether a response with this status should be dropped so that the request is retried. */
  shouldDiscard(status: number): boolean;
  /** Called once, just before the response is committed to the client, to adjust its headers. */
  prepareResponseHeaders(status: number, headers: IncomingHttpHeaders): void;
}

const CONNECT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * One try of an upstream request, streamed straight into the client's response once its status
 * is known to be final. It uses undici's low-level dispatch API so that response bytes are
 * written through without an intermediate stream, and applies the client's back-pressure to
 * the upstream socket.
 */
export class UpstreamAttempt implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private committed = false;
  private discarding = false;
  private connected = false;
  private status = 0;
  private resolveResult!: (result: AttemptResult) => void;
  readonly result: Promise<AttemptResult>;

  constructor(
    private readonly response: ServerResponse,
    private readonly hooks: AttemptHooks,
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  start(dispatcher: Dispatcher, request: UpstreamRequest): Promise<AttemptResult> {
    dispatcher.dispatch({ method: request.method as Dispatcher.HttpMethod, path: request.path, headers: request.headers, body: request.body }, this);
    return this.result;
  }

  /** Whether the response has been (at least partly) sent to the client. */
  get isCommitted(): boolean {
    return this.committed;
  }

  /** Whether the request went out on a connection to the workload (so its own sidecar saw it). */
  get reachedUpstream(): boolean {
    return this.connected;
  }

  /** Stops the try (timeout, client gone). A committed response is cut off, as Envoy resets the stream. */
  cancel(): void {
    if (this.committed && !this.settled) this.response.destroy();
    this.settle({ kind: 'cancelled' });
    this.controller?.abort(new Error('cancelled by the mesh'));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    this.connected = true;
    if (this.settled) controller.abort(new Error('cancelled by the mesh'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (this.settled) return;
    this.status = statusCode;
    if (this.hooks.shouldDiscard(statusCode)) {
      this.discarding = true;
      return;
    }
    this.committed = true;
    this.hooks.prepareResponseHeaders(statusCode, headers);
    this.response.writeHead(statusCode, headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.discarding || this.settled) return;
    if (!this.response.write(chunk)) {
      controller.pause();
      this.response.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    if (this.discarding) {
      this.settle({ kind: 'discarded', status: this.status });
      return;
    }
    this.response.end();
    this.settle({ kind: 'committed', status: this.status, complete: true });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    if (this.committed) {
      this.response.destroy();
      this.settle({ kind: 'committed', status: this.status, complete: false });
    } else if (this.discarding) {
      this.settle({ kind: 'discarded', status: this.status });
    } else {
      const code = (error as NodeJS.ErrnoException).code;
      this.settle(!this.connected || (code !== undefined && CONNECT_ERROR_CODES.has(code)) ? { kind: 'connect-failure' } : { kind: 'reset' });
    }
  }

  private settle(result: AttemptResult): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveResult(result);
  }
}
