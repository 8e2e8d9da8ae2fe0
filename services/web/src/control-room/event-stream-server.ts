import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@courier/contracts';
import { LOGGER, SERVICE_CONFIG } from '@courier/service-kit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { WebConfig } from '../web.config';
import { LiveFeed } from './live-feed';

/** The one path this port serves. The charts' `streams.paths` and the browser's EventSource name it too. */
export const EVENTS_PATH = '/api/control-room/events';

/**
 * The control room's Server-Sent Events, on a port of their own (STREAMS_PORT). A stream stays open
 * for seconds, so on web's own port it would count in web's p99: the mesh and Istio measure a
 * response until it ends, and Istio's metrics have no path label to leave it out by. On its own port,
 * behind its own Service (`web-streams`), the mesh and Istio report it under another
 * destination_service_name, and a canary of web is judged on customer requests only.
 *
 * `history` once, then a `snapshot` every second. Each stream ends after SSE_STREAM_MAX_MS and the
 * browser reconnects within a second; a reconnect starts with the history, so the chart has no gap.
 */
@Injectable()
export class EventStreamServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: Server = createServer((request, response) => this.serve(request, response));

  constructor(
    @Inject(LiveFeed) private readonly feed: LiveFeed,
    @Inject(SERVICE_CONFIG) private readonly config: WebConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Streams end by themselves; a socket that sends nothing for long is not a control room.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 10_000;
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server.once('error', reject).listen(this.config.STREAMS_PORT, this.config.HOST, resolve));
    this.logger.info({ port: this.port }, `control-room event streams on port ${this.port}`);
  }

  /** LiveFeed has ended every stream by now (module destroy runs first); close what is left. */
  async onApplicationShutdown(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The port it listens on (STREAMS_PORT, or the one the system chose for 0). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '').split('?')[0];
    if (path !== EVENTS_PATH) return problem(response, { title: 'Not Found', status: 404, detail: `this port serves only GET ${EVENTS_PATH}` });
    if (request.method !== 'GET') return problem(response, { title: 'Method Not Allowed', status: 405, detail: `${EVENTS_PATH} takes GET only` }, { allow: 'GET' });
    // Each stream holds a socket and a share of every snapshot: past the cap, a fast 503 problem
    // (the browser's EventSource retries) instead of one more open connection.
    if (this.feed.subscriberCount >= this.config.SSE_MAX_CLIENTS) {
      const detail = `events: ${this.config.SSE_MAX_CLIENTS} control-room streams are open, the most this process serves (SSE_MAX_CLIENTS)`;
      return problem(response, { title: 'Service Unavailable', status: 503, detail }, { 'retry-after': '1' });
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      // The connection ends with the stream: no idle keep-alive socket can hold up a shutdown.
      connection: 'close',
    });
    response.write('retry: 500\n\n');
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(lifetime);
      unsubscribe();
      response.end();
    };
    const unsubscribe = this.feed.subscribe({
      send: (event, data) => void (closed || response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
      close,
    });
    const lifetime = setTimeout(close, this.config.SSE_STREAM_MAX_MS);
    response.once('close', close);
  }
}

function problem(response: ServerResponse, body: ProblemDetails, headers: Record<string, string> = {}): void {
  response.writeHead(body.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'x-content-type-options': 'nosniff', ...headers });
  response.end(JSON.stringify({ ...body, instance: EVENTS_PATH }));
}
