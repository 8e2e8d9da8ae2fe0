import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { shutdownTelemetry } from '../telemetry/start-telemetry';
import type { ReadinessRegistry } from '../health/readiness-registry';

export interface ShutdownOptions {
  /** How long readiness is red before the listener closes, so load balancers and the mesh stop routing here. */
  delayMs: number;
  /** Hard limit: exit non-zero if draining takes longer. */
  timeoutMs: number;
}

/**
 * SIGTERM/SIGINT: readiness goes red, wait for routing to move away, close the server (Fastify
 * finishes in-flight requests and closes idle keep-alive sockets), close modules (DB pools), exit.
 */
export function installGracefulShutdown(app: INestApplication, readiness: ReadinessRegistry, logger: Logger, options: ShutdownOptions): void {
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, delayMs: options.delayMs }, 'shutdown: readiness red, draining');
    readiness.startDraining();
    const hardStop = setTimeout(() => {
      logger.error({ timeoutMs: options.timeoutMs }, 'shutdown: drain timed out, exiting');
      process.exit(1);
    }, options.delayMs + options.timeoutMs);
    hardStop.unref();
    await sleep(options.delayMs);
    await app.close();
    await shutdownTelemetry();
    logger.info('shutdown: drained, exiting');
    logger.flush?.();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}
