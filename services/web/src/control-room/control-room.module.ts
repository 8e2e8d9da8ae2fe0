import { Module, type DynamicModule } from '@nestjs/common';
import { LOGGER } from '@courier/service-kit';
import type { Logger } from 'pino';
import type { WebConfig } from '../web.config';
import { ControlApiController } from './control-api.controller';
import { ControlPlane } from './control-plane';
import { EventStreamServer } from './event-stream-server';
import { ControlRoomStateController } from './control-room-state.controller';
import { ControlRoomController } from './control-room.controller';
import { ControlTokenGuard } from './control-token.guard';
import { LiveFeed } from './live-feed';
import { PipelineControlPlane } from './pipeline-control-plane';
import { StackControlPlane } from './stack-control-plane';

/**
 * The control room, as its own feature: its page, its live feed (state, and Server-Sent Events on a port of their own) and
 * its actions, over the control plane the configuration picks.
 */
@Module({})
export class ControlRoomModule {
  static register(config: WebConfig): DynamicModule {
    return {
      module: ControlRoomModule,
      controllers: [ControlRoomController, ControlRoomStateController, ControlApiController],
      providers: [
        // The local stack when npm start says where it is; otherwise a cluster, watched through Prometheus.
        {
          provide: ControlPlane,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            const mesh = { routingApi: config.ROUTING_API, mode: config.MESH_MODE };
            return config.STACK_ADMIN_URL ? new StackControlPlane(config.STACK_ADMIN_URL, logger, mesh, config.CONTROL_TOKEN) : new PipelineControlPlane(config.PROMETHEUS_URL, mesh);
          },
        },
        LiveFeed,
        EventStreamServer,
        ControlTokenGuard,
      ],
    };
  }
}
