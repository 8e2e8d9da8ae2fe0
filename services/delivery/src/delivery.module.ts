import { Module, type DynamicModule } from '@nestjs/common';
import { UsersClient } from '@courier/contracts';
import { DatabaseModule } from '@courier/db/nest';
import { outboundContextHeaders } from '@courier/service-kit';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import type { DeliveryConfig } from './delivery.config';
import { ETA_MODEL } from './delivery.tokens';
import { etaModelForVersion } from './eta/eta-model-for-version';
import { PrismaClient } from './generated/prisma/client';
import { DELIVERY_MIGRATIONS_DIR } from './migrations-dir';
import { OwnerDirectory } from './owner-directory';

@Module({})
export class DeliveryModule {
  static register(config: DeliveryConfig): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [
        DatabaseModule.forService({ clientClass: PrismaClient, migrationsDir: DELIVERY_MIGRATIONS_DIR, config }),
      ],
      controllers: [DeliveriesController],
      providers: [
        DeliveriesService,
        OwnerDirectory,
        { provide: ETA_MODEL, useValue: etaModelForVersion(config.APP_VERSION) },
        {
          provide: UsersClient,
          useFactory: () => new UsersClient({ baseUrl: config.USERS_URL, timeoutMs: config.USERS_TIMEOUT_MS, contextHeaders: outboundContextHeaders }),
        },
      ],
    };
  }
}
