import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Lets a client that is still sending a body we refused (413 too large, 415 wrong type) finish and
 * read the answer. Fastify refuses it before reading it, with `Connection: close`; Node then closes
 * the socket as soon as the answer is written, the client's bytes still arriving make the kernel
 * reset the connection, and the client gets EPIPE instead of its 413 (the bad-input fuzz suite met
 * it with a 1.8 MB body). RFC 9112 §9.6 asks a closing server to keep reading for that reason.
 * Without the header, Node reads the rest of the body through its parser and discards it (the
 * request timeout bounds how long), so the connection stays correctly framed and can be reused.
 */
export function keepReadingRefusedBody(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.raw.complete && reply.getHeader('connection') === 'close') reply.removeHeader('connection');
}
