import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { ProblemError } from '@courier/contracts';
import { ReadinessRegistry } from './readiness-registry';

/** Each readiness check gets this long; a hung dependency makes /readyz red, never slow. */
const CHECK_TIMEOUT_MS = 1000;

@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  /** Liveness: the process can serve HTTP. Never checks dependencies, so an outage does not restart pods. */
  @Get('healthz')
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: dependencies answer and the process is not draining. */
  @Get('readyz')
  async readinessCheck(): Promise<HealthCheckResult> {
    if (this.readiness.isDraining) {
      throw new ProblemError({ title: 'Service Unavailable', status: 503, detail: 'draining: shutting down', checks: { shutdown: { status: 'down' } } });
    }
    try {
      return await this.health.check(this.readiness.entries().map(([name, check]) => () => this.runCheck(name, check)));
    } catch (error) {
      const result = (error as { response?: HealthCheckResult }).response;
      throw new ProblemError({ title: 'Service Unavailable', status: 503, detail: 'not ready: a dependency is down', checks: result?.details ?? {} });
    }
  }

  private async runCheck(name: string, check: () => Promise<void>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(name);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
