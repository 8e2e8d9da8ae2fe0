import './instrument';
import { runService } from '@courier/service-kit';
import { WebConfigSchema } from './web.config';
import { WebModule } from './web.module';

void runService({ service: 'web', configSchema: WebConfigSchema, module: (config) => WebModule.register(config) });
