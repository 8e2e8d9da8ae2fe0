import { ProblemError } from '@courier/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies decoded strictly as UTF-8 before Fastify's own (prototype-poisoning-safe) parser
 * reads them. Fastify decodes while counting, so a body with invalid UTF-8 was refused as "body
 * size did not match Content-Length", which sends a client looking in the wrong place.
 */
export function acceptUtf8JsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser(fastify.initialConfig.onProtoPoisoning ?? 'error', fastify.initialConfig.onConstructorPoisoning ?? 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new ProblemError({ title: 'Bad Request', status: 400, detail: 'body: not valid UTF-8; send the JSON encoded as UTF-8' }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
