import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemError } from '@courier/contracts';
import { SERVICE_CONFIG } from '@courier/service-kit';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WebConfig } from '../web.config';

/**
 * Control actions change production-like routing, so they need the shared demo token as a bearer
 * token, unless CONTROL_AUTH=off (only the local stack sets it). Without a configured token the
 * actions are refused outright rather than left open. Either way they must be JSON from the
 * control room's own origin (and, with CONTROL_AUTH=off, sent to loopback).
 */
@Injectable()
export class ControlTokenGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: WebConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    refuseCrossSite(request, this.config.CONTROL_AUTH === 'off');
    if (this.config.CONTROL_AUTH === 'off') return true;
    const expected = this.config.CONTROL_TOKEN;
    if (!expected) throw unauthorized(403, 'Forbidden', 'control actions are disabled: set CONTROL_TOKEN on web (or CONTROL_AUTH=off on a laptop)');
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!sameSecret(presented, expected)) throw unauthorized(401, 'Unauthorized', 'header.authorization: send the control token as "Authorization: Bearer <CONTROL_TOKEN>"');
    return true;
  }
}

/** The names a laptop's loopback answers to; a DNS-rebound name is none of them. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * What a page on another site could otherwise do with the control room's actions: send them
 * without a body (no CORS preflight), from its own origin, or, through DNS rebinding, to loopback
 * under its own name while CONTROL_AUTH=off. Every action is JSON from the control room's own page.
 */
function refuseCrossSite(request: FastifyRequest, loopbackOnly: boolean): void {
  const host = request.headers.host ?? '';
  const origin = request.headers.origin;
  if (origin !== undefined && originHost(origin) !== host.toLowerCase()) {
    throw unauthorized(403, 'Forbidden', `header.origin: "${origin}" is another site; control actions come from the control room's own page`);
  }
  if (loopbackOnly && !LOOPBACK_NAMES.has(host.replace(/:\d+$/, '').toLowerCase())) {
    throw unauthorized(403, 'Forbidden', `header.host: "${host}" is not this machine; with CONTROL_AUTH=off the actions answer only on 127.0.0.1, localhost or [::1]`);
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ProblemError({ title: 'Unsupported Media Type', status: 415, detail: 'header.content-type: control actions are application/json (a page on another site cannot send that without asking first)' });
  }
}

function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return ''; // "null": a sandboxed frame or a file, never the control room
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
