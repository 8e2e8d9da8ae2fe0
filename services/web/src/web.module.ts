import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryClient, UsersClient } from '@courier/contracts';
import { outboundContextHeaders } from '@courier/service-kit';
import { ControlRoomModule } from './control-room/control-room.module';
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
      imports: [ControlRoomModule.register(config)],
      controllers: [HomeController, UsersApiController, DeliveriesApiController, StaticAssetsController],
      providers: [
        { provide: UsersClient, useFactory: () => new UsersClient({ baseUrl: config.USERS_URL, ...clientOptions }) },
        { provide: DeliveryClient, useFactory: () => new DeliveryClient({ baseUrl: config.DELIVERY_URL, ...clientOptions }) },
        { provide: ASSETS_DIR, useValue: options.assetsDir ?? DEFAULT_ASSETS_DIR },
      ],
    };
  }
}
