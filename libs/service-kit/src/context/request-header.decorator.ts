import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * One request header as a handler parameter. Unlike Nest's @Headers(), it accepts pipes, so a
 * header can be validated like a body field: `@RequestHeader('idempotency-key', pipe)`.
 */
export const RequestHeader = createParamDecorator((name: string, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
});
