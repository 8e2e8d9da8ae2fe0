import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isShadowHost } from './shadow-traffic';

/** Injects `true` into a handler parameter when the request is mirrored (shadow) traffic. */
export const ShadowRequest = createParamDecorator((_data: unknown, ctx: ExecutionContext): boolean =>
  isShadowHost(ctx.switchToHttp().getRequest<FastifyRequest>().headers.host),
);
