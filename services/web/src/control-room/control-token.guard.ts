import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemError } from '@courier/contracts';
import { SERVICE_CONFIG } from '@courier/service-kit';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WebConfig } from '../web.config';

/**
 * Control actions change production-like routing, so they need the shared demo token as a bearer
 * token, unless CONTROL_AUTH=off (only the local stack sets it). Without a configured token the
 * actions are refused outright rather than left open.
 */
@Injectable()
export class ControlTokenGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: WebConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.CONTROL_AUTH === 'off') return true;
    const expected = this.config.CONTROL_TOKEN;
    if (!expected) throw unauthorized(403, 'Forbidden', 'control actions are disabled: set CONTROL_TOKEN on web (or CONTROL_AUTH=off on a laptop)');
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!sameSecret(presented, expected)) throw unauthorized(401, 'Unauthorized', 'header.authorization: send the control token as "Authorization: Bearer <CONTROL_TOKEN>"');
    return true;
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function unauthorized(status: number, title: string, detail: string): ProblemError {
  return new ProblemError({ type: 'https://courier.dev/problems/control-token', title, status, detail });
}
