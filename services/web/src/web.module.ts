import { Module, type DynamicModule } from '@nestjs/common';
import { DeliveryClient, UsersClient } from '@courier/contracts';
import { outboundContextHeaders } from '@courier/service-kit';
import { DeliveriesApiController } from './deliveries-api.controller';
import { HomeController } from './home.controller';
import { UsersApiController } from './users-api.controller';
import type { WebConfig } from './web.config';

@Module({})
export class WebModule {
  static register(config: WebConfig): DynamicModule {
    const clientOptions = { timeoutMs: config.UPSTREAM_TIMEOUT_MS, contextHeaders: outboundContextHeaders };
    return {
      module: WebModule,
      controllers: [HomeController, UsersApiController, DeliveriesApiController],
      providers: [
        { provide: UsersClient, useFactory: () => new UsersClient({ baseUrl: config.USERS_URL, ...clientOptions }) },
        { provide: DeliveryClient, useFactory: () => new DeliveryClient({ baseUrl: config.DELIVERY_URL, ...clientOptions }) },
      ],
    };
  }
}
