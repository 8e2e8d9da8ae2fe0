import { Body, Controller, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { LOGGER, ZodValidationPipe } from '@courier/service-kit';
import type { Logger } from 'pino';
import { FaultSettingsSchema, LoadSchema, ServiceNameSchema, StartRolloutSchema, VersionSchema, type FaultSettings, type StartRollout } from '@courier/contracts';
import { ControlPlane } from './control-plane';
import type { LoadView } from './control-room-snapshot';
import { ControlTokenGuard } from './control-token.guard';

/**
 * The control room's actions. Thin: validate, log who asked for what, hand to the control plane.
 * Every action is logged before it runs, so a failed one is on record too.
 */
@Controller('api')
@UseGuards(ControlTokenGuard)
export class ControlApiController {
  constructor(
    @Inject(ControlPlane) private readonly plane: ControlPlane,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('rollouts/:service')
  @HttpCode(202)
  start(
    @Param('service', new ZodValidationPipe(ServiceNameSchema)) service: string,
    @Body(new ZodValidationPipe(StartRolloutSchema)) body: StartRollout,
  ): Promise<unknown> {
    this.logger.info({ action: 'rollout.start', service, ...body }, `control room: start ${body.strategy} of ${service}`);
    return this.plane.startRollout(service, body);
  }

  @Post('rollouts/:service/promote')
  @HttpCode(202)
  promote(@Param('service', new ZodValidationPipe(ServiceNameSchema)) service: string): Promise<unknown> {
    this.logger.info({ action: 'rollout.promote', service }, `control room: promote ${service}`);
    return this.plane.control(service, 'promote');
  }

  @Post('rollouts/:service/abort')
  @HttpCode(202)
  abort(@Param('service', new ZodValidationPipe(ServiceNameSchema)) service: string): Promise<unknown> {
    this.logger.info({ action: 'rollout.abort', service }, `control room: abort ${service}`);
    return this.plane.control(service, 'abort');
  }

  /** "Bad mode": make one version fail and slow down on purpose, to demo an automatic rollback. */
  @Put('rollouts/:service/versions/:version/faults')
  @HttpCode(202)
  setFaults(
    @Param('service', new ZodValidationPipe(ServiceNameSchema)) service: string,
    @Param('version', new ZodValidationPipe(VersionSchema)) version: string,
    @Body(new ZodValidationPipe(FaultSettingsSchema)) body: FaultSettings,
  ): Promise<{ restarting: boolean }> {
    this.logger.info({ action: 'faults.set', service, version, ...body }, `control room: ${service} ${version} faults ${body.errorRate * 100}% errors, +${body.delayMs} ms`);
    return this.plane.setFaults(service, version, body);
  }

  @Put('load')
  setLoad(@Body(new ZodValidationPipe(LoadSchema)) body: { rps: number }): Promise<LoadView> {
    this.logger.info({ action: 'load.set', rps: body.rps }, `control room: load ${body.rps ? `${body.rps} rps` : 'off'}`);
    return this.plane.setLoad(body.rps);
  }
}
