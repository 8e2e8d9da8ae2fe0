import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ProblemError } from '@courier/contracts';
import { SERVICE_CONFIG } from '@courier/service-kit';
import type { FastifyReply } from 'fastify';
import type { WebConfig } from '../web.config';
import type { ControlRoomSnapshot } from './control-room-snapshot';
import { LiveFeed } from './live-feed';

/**
 * Live data for the control room as Server-Sent Events (`history` once, then a `snapshot` every
 * second), and the same snapshot as plain JSON for scripts.
 */
@Controller('api/control-room')
export class ControlRoomEventsController {
  constructor(
    @Inject(LiveFeed) private readonly feed: LiveFeed,
    @Inject(SERVICE_CONFIG) private readonly config: WebConfig,
  ) {}

  @Get('state')
  state(): Promise<ControlRoomSnapshot> {
    return this.feed.current();
  }

  /**
   * Each stream ends after SSE_STREAM_MAX_MS and the browser reconnects within a second: a route
   * timeout in front of web (Istio's and the local mesh's, 10 s in the chart) would otherwise cut
   * it mid-event. A reconnect starts with the history, so the chart never has a gap.
   */
  @Get('events')
  events(@Res() reply: FastifyReply): void {
    // Each stream holds a socket and a share of every snapshot: past the cap, a fast 503 problem
    // (the browser's EventSource retries) instead of one more open connection.
    if (this.feed.subscriberCount >= this.config.SSE_MAX_CLIENTS) {
      void reply.header('retry-after', '1');
      throw new ProblemError({ title: 'Service Unavailable', status: 503, detail: `events: ${this.config.SSE_MAX_CLIENTS} control-room streams are open, the most this process serves (SSE_MAX_CLIENTS)` });
    }
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      // The connection ends with the stream: no idle keep-alive socket can hold up a shutdown.
      connection: 'close',
    });
    stream.write('retry: 500\n\n');
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(lifetime);
      unsubscribe();
      stream.end();
    };
    const unsubscribe = this.feed.subscribe({
      send: (event, data) => void (closed || stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
      close,
    });
    const lifetime = setTimeout(close, this.config.SSE_STREAM_MAX_MS);
    stream.once('close', close);
  }
}
