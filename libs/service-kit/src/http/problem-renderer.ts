import { HttpException } from '@nestjs/common';
import { ProblemError, ProblemTypes, type ProblemDetails } from '@courier/contracts';
import { STATUS_CODES } from 'node:http';
import type { ErrorMapper } from './error-mapper';

export interface RenderedProblem {
  problem: ProblemDetails;
  /** Whether this is our fault (5xx not caused by a dependency), worth an error log with a stack. */
  unexpected: boolean;
}

/** Maps any thrown value to RFC 9457 problem details. One place, so every error looks the same. */
export function renderProblem(error: unknown, mappers: readonly ErrorMapper[]): RenderedProblem {
  if (error instanceof ProblemError) return { problem: error.problem, unexpected: false };

  for (const map of mappers) {
    const mapped = map(error);
    if (mapped) return { problem: mapped, unexpected: false };
  }

  // Nest wraps Fastify's own request errors (malformed JSON, body too large, unsupported media type)
  // in an HttpException carrying Fastify's status and message, so they arrive here too.
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return { problem: { title: STATUS_CODES[status] ?? 'Error', status, detail }, unexpected: status >= 500 };
  }

  return {
    problem: { type: ProblemTypes.internal, title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred; see the service log for this request id' },
    unexpected: true,
  };
}
