import { Controller, Get, Inject } from '@nestjs/common';
import type { ControlRoomSnapshot } from './control-room-snapshot';
import { LiveFeed } from './live-feed';

/**
 * The control room's latest snapshot as plain JSON, for scripts and the page's first paint. The live
 * stream of the same snapshots is served on a port of its own (EventStreamServer).
 */
@Controller('api/control-room')
export class ControlRoomStateController {
  constructor(
    @Inject(LiveFeed) private readonly feed: LiveFeed,
  ) {}

  @Get('state')
  state(): Promise<ControlRoomSnapshot> {
    return this.feed.current();
  }
}
