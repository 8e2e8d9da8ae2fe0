import './instrument';
import { databaseErrorMapper } from '@courier/db/nest';
import { runService } from '@courier/service-kit';
import { DeliveryConfigSchema } from './delivery.config';
import { DeliveryModule } from './delivery.module';

void runService({
  service: 'delivery',
  configSchema: DeliveryConfigSchema,
  module: (config) => DeliveryModule.register(config),
  errorMappers: [databaseErrorMapper],
});
