import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { BaseConfig } from '../config/base-config';
import { requestIdFrom } from '../context/request-id';
import { runWithRequestContext } from '../context/request-context';
import { isShadowHost } from '../context/shadow-traffic';
import { FaultInjector } from '../faults/fault-injector';
import { ReadinessRegistry } from '../health/readiness-registry';
import type { ErrorMapper } from '../http/error-mapper';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { missingHostProblem, problemFromFrameworkError, replyToClientError } from '../http/protocol-error-replies';
import { replyWithProblem } from '../http/problem-reply';
import { createLogger } from '../logging/create-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { registerHttpServerMetrics } from '../metrics/http-server-metrics';
import { ensureMetrics } from '../telemetry/start-telemetry';
import { versionInfoFrom } from '../version/version-info';
import { ServiceKitModule } from './service-kit.module';
import { applySecurityHeaders } from '../http/security-headers';
import { keepReadingRefusedBody } from '../http/refused-body';
import { acceptUtf8JsonOnly } from '../http/utf8-json-parser';

export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  /** Logical service name: logs, metrics, /version and the x-served-by header use it. */
  service: string;
  /** The service's feature module. */
  module: Type<unknown> | DynamicModule;
  config: C;
  /** Translate library errors (e.g. database unreachable) into problem details. */
  errorMappers?: ErrorMapper[];
  /** Where logs go; stdout by default. Tests pass a silent stream. */
  logDestination?: DestinationStream;
}

/** Paths that would flood the access log at probe and scrape frequency. */
const QUIET_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

/**
 * Builds a fully wired, initialised (not yet listening) Nest application on Fastify. Tests use it
 * directly with supertest; `runService` adds listening and graceful shutdown.
 */
export async function createServiceApp<C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<NestFastifyApplication> {
  const { service, config } = definition;
  const logger: Logger = createLogger({ service, version: config.APP_VERSION, track: config.APP_TRACK, level: config.LOG_LEVEL }, definition.logDestination);
  const versionInfo = versionInfoFrom(service, config);
  // Before any meter is created: the OpenTelemetry API has no proxy for meters made too early.
  ensureMetrics(versionInfo);
  const faults = new FaultInjector({ errorRate: config.FAULT_ERROR_RATE, delayMs: config.FAULT_DELAY_MS, route: config.FAULT_ROUTE });
  const mappers = definition.errorMappers ?? [];
  const servedBy = `${service}/${config.APP_VERSION} (${config.APP_TRACK})`;

  @Module({ imports: [ServiceKitModule.forRoot({ config, versionInfo, logger, faults }), definition.module] })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One access-log line per request comes from our onResponse hook instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // The pino mixin already adds request and trace ids from context; a child per request would repeat them.
    childLoggerFactory: (root: FastifyBaseLogger) => root,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
    // Errors raised before routing (HTTP framing, URL decoding) answer problem+json like the rest.
    clientErrorHandler: replyToClientError,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => replyWithProblem(problemFromFrameworkError(error), request, reply, mappers, logger),
    // A client that stalls while sending its request (slowloris) is cut off with a 408 problem;
    // Fastify's default (0) would keep it open forever. Node checks the deadline on this interval.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    // Node's own check answers a bodiless 400; the onRequest hook below answers it as a problem.
    http: { requireHostHeader: false, connectionsCheckingInterval: Math.min(1000, config.REQUEST_TIMEOUT_MS) },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Fastify's own JSON parser is enough; Nest's would also accept urlencoded forms.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Node enforces requestTimeout only when the head's own limit is not longer (its default is 60 s).
  const server = fastify.server;
  server.headersTimeout = Math.min(server.headersTimeout, config.REQUEST_TIMEOUT_MS);

  // Request context first, so every later hook, handler and log line sees the request id.
  fastify.addHook('onRequest', (request, _reply, done) => {
    runWithRequestContext({ requestId: String(request.id), shadow: isShadowHost(request.headers.host) }, done);
  });
  fastify.addHook('onRequest', async (request) => {
    const problem = missingHostProblem(request.raw.httpVersion, request.headers.host);
    if (problem) throw problem;
  });
  fastify.addHook('onRequest', async (request) => faults.apply(request.url));
  const readiness = app.get(ReadinessRegistry);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id).header('x-served-by', servedBy);
    applySecurityHeaders(reply);
    keepReadingRefusedBody(request, reply);
    // While draining, ask keep-alive clients to reconnect elsewhere; otherwise an idle kept-alive
    // socket would hold the server open until its keep-alive timeout.
    if (readiness.isDraining) void reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (QUIET_PATHS.test(request.url)) return;
    request.log.info(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });
  registerHttpServerMetrics(fastify, versionInfo);
  // The APIs speak JSON only: other bodies get a 415 instead of reaching handlers as strings.
  fastify.removeContentTypeParser('text/plain');
  acceptUtf8JsonOnly(fastify);

  app.useGlobalFilters(new ProblemDetailsFilter(mappers, logger));
  await app.init();
  // Ready means routes and hooks are sealed, so tests can hand the server straight to supertest.
  await fastify.ready();
  return app;
}
