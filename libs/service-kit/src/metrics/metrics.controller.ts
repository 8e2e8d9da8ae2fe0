import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getPrometheusExporter } from '../telemetry/start-telemetry';

/** Prometheus text exposition of the OpenTelemetry metrics, on the service's own port. */
@Controller()
export class MetricsController {
  @Get('metrics')
  metrics(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    getPrometheusExporter().getMetricsRequestHandler(request.raw, reply.raw);
  }
}
