import type { DynamicModule, Type } from '@nestjs/common';
import type { z } from 'zod';
import type { BaseConfig } from '../config/base-config';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { ReadinessRegistry } from '../health/readiness-registry';
import type { ErrorMapper } from '../http/error-mapper';
import { installGracefulShutdown } from '../lifecycle/graceful-shutdown';
import { createServiceApp } from './create-service-app';

export interface RunServiceOptions<S extends z.ZodObject> {
  service: string;
  configSchema: S;
  /** Builds the feature module from validated config (config decides e.g. the DB schema). */
  module: (config: z.infer<S>) => Type<unknown> | DynamicModule;
  errorMappers?: ErrorMapper[];
}

/**
 * The one way a Courier service starts: validate config (exit with a named, fixable error if it is
 * wrong), build the app, listen, and drain gracefully on SIGTERM.
 */
export async function runService<S extends z.ZodObject>(options: RunServiceOptions<S>): Promise<void> {
  let config: z.infer<S> & BaseConfig;
  try {
    config = loadConfig(options.service, options.configSchema) as z.infer<S> & BaseConfig;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG: the environment, not the code, is wrong
    }
    throw error;
  }

  const app = await createServiceApp({ service: options.service, module: options.module(config), config, errorMappers: options.errorMappers });
  const logger = app.getHttpAdapter().getInstance().log;
  installGracefulShutdown(app, app.get(ReadinessRegistry), logger as never, {
    delayMs: config.SHUTDOWN_DELAY_MS,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ commit: config.GIT_SHA }, `${options.service} ${config.APP_VERSION} (${config.APP_TRACK}) ready on port ${config.PORT}`);
}
