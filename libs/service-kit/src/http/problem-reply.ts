import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@courier/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorMapper } from './error-mapper';
import { renderProblem } from './problem-renderer';

/** Sends an error as problem+json, enriched with where it happened and the request id to quote. */
export function replyWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, mappers: readonly ErrorMapper[], logger: Logger): void {
  const { problem, unexpected } = renderProblem(error, mappers);
  const body: ProblemDetails = {
    type: problem.type ?? 'about:blank',
    ...problem,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
  };
  if (unexpected) logger.error({ err: error, method: request.method, url: request.url }, 'unhandled error');
  else if (problem.status >= 500) logger.warn({ problem: body }, problem.detail ?? problem.title);
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}
