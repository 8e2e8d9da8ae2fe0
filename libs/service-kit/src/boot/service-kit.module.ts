import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import type { BaseConfig } from '../config/base-config';
import type { FaultInjector } from '../faults/fault-injector';
import { HealthController } from '../health/health.controller';
import { ReadinessRegistry } from '../health/readiness-registry';
import { MetricsController } from '../metrics/metrics.controller';
import { VersionController } from '../version/version.controller';
import type { VersionInfo } from '../version/version-info';
import { FAULT_INJECTOR, LOGGER, SERVICE_CONFIG, VERSION_INFO } from './tokens';

export interface ServiceKitModuleOptions {
  config: BaseConfig;
  versionInfo: VersionInfo;
  logger: Logger;
  faults: FaultInjector;
}

/**
 * The operational surface every service shares: /healthz, /readyz, /version, /metrics, and the
 * config, logger and readiness registry as injectable providers. Global, so feature modules can
 * inject SERVICE_CONFIG or ReadinessRegistry without importing it.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitModuleOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, VersionController, MetricsController],
      providers: [
        ReadinessRegistry,
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: VERSION_INFO, useValue: options.versionInfo },
        { provide: LOGGER, useValue: options.logger },
        { provide: FAULT_INJECTOR, useValue: options.faults },
      ],
      exports: [ReadinessRegistry, SERVICE_CONFIG, VERSION_INFO, LOGGER, FAULT_INJECTOR],
    };
  }
}
