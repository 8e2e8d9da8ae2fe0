import './instrument';
import { databaseErrorMapper } from '@courier/db/nest';
import { runService } from '@courier/service-kit';
import { UsersConfigSchema } from './users.config';
import { UsersModule } from './users.module';

void runService({
  service: 'users',
  configSchema: UsersConfigSchema,
  module: (config) => UsersModule.register(config),
  errorMappers: [databaseErrorMapper],
});
