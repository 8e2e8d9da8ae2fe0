import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryClient, UsersClient } from '@courier/contracts';
import { LOGGER, outboundContextHeaders } from '@courier/service-kit';
import type { Logger } from 'pino';
import { ControlApiController } from './control-room/control-api.controller';
import { ControlPlane } from './control-room/control-plane';
import { ControlRoomEventsController } from './control-room/control-room-events.controller';
import { ControlRoomController } from './control-room/control-room.controller';
import { ControlTokenGuard } from './control-room/control-token.guard';
import { LiveFeed } from './control-room/live-feed';
import { PipelineControlPlane } from './control-room/pipeline-control-plane';
import { StackControlPlane } from './control-room/stack-control-plane';
import { DeliveriesApiController } from './deliveries-api.controller';
import { HomeController } from './home.controller';
import { ASSETS_DIR, DEFAULT_ASSETS_DIR, StaticAssetsController } from './static-assets.controller';
import { UsersApiController } from './users-api.controller';
import type { WebConfig } from './web.config';

export interface WebModuleOptions {
  /** Where the browser bundle is read from; tests point it at a fixture folder. */
  assetsDir?: string;
}

@Module({})
export class WebModule {
  static register(config: WebConfig, options: WebModuleOptions = {}): DynamicModule {
    const clientOptions = { timeoutMs: config.UPSTREAM_TIMEOUT_MS, contextHeaders: outboundContextHeaders };
    return {
      module: WebModule,
      controllers: [
        HomeController,
        UsersApiController,
        DeliveriesApiController,
        ControlRoomController,
        ControlRoomEventsController,
        ControlApiController,
        StaticAssetsController,
      ],
      providers: [
        { provide: UsersClient, useFactory: () => new UsersClient({ baseUrl: config.USERS_URL, ...clientOptions }) },
        { provide: DeliveryClient, useFactory: () => new DeliveryClient({ baseUrl: config.DELIVERY_URL, ...clientOptions }) },
        // The local stack when npm start says where it is; otherwise a cluster, watched through Prometheus.
        {
          provide: ControlPlane,
          inject: [LOGGER],
          useFactory: (logger: Logger) => (config.STACK_ADMIN_URL ? new StackControlPlane(config.STACK_ADMIN_URL, logger, config.CONTROL_TOKEN) : new PipelineControlPlane(config.PROMETHEUS_URL)),
        },
        { provide: ASSETS_DIR, useValue: options.assetsDir ?? DEFAULT_ASSETS_DIR },
        LiveFeed,
        ControlTokenGuard,
      ],
    };
  }
}
