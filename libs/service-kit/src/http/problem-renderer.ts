import { HttpException } from '@nestjs/common';
import { ProblemError, ProblemTypes, type ProblemDetails } from '@courier/contracts';
import { STATUS_CODES } from 'node:http';
import type { ErrorMapper } from './error-mapper';

/** Fastify's own request errors, answered as the client mistakes they are. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, detail: 'content-type must be application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'request body is larger than the limit' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, detail: 'body: a JSON body is required when content-type is application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'body: malformed JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, detail: 'content-length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, detail: 'content-type header is invalid' },
  FST_ERR_BAD_URL: { status: 400, detail: 'the URL is malformed' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, detail: 'the request could not be routed' },
};

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

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return { problem: { title: STATUS_CODES[status] ?? 'Error', status, detail }, unexpected: status >= 500 };
  }

  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
  if (known) return { problem: { title: STATUS_CODES[known.status] ?? 'Bad Request', status: known.status, detail: known.detail }, unexpected: false };
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { problem: { title: 'Bad Request', status: 400, detail: 'body: malformed JSON' }, unexpected: false };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return { problem: { title: STATUS_CODES[status] ?? 'Bad Request', status, detail: fastifyError.message }, unexpected: false };
  }

  return {
    problem: { type: ProblemTypes.internal, title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred; see the service log for this request id' },
    unexpected: true,
  };
}
