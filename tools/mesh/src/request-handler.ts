import { type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientDisconnectWatch } from './client-disconnect-watch';
import { type HttpRouteRule } from './http-route-rule';
import { hostOfAuthority } from './host-names';
import { type ListenerRuntime } from './listener-runtime';
import { joinFlags, LocalReply, writeLocalReply } from './local-reply';
import { type MeshLogger } from './mesh-logger';
import { type MeshTelemetry } from './mesh-telemetry';
import { type MirrorSender } from './mirror';
import { type ProxyTracer } from './proxy-tracer';
import { type RandomSource } from './random-source';
import { BodyTooLargeError, readRequestBody } from './request-body';
import { RequestFacts } from './request-facts';
import { type RequestOutcome } from './request-outcome';
import { type RetryingForwarder } from './retrying-forwarder';
import { type RouteDestination } from './route-destination';
import { type RoutingTable } from './routing-table';
import { destinationOfService } from './telemetry-identity';
import { ensureTraceHeaders } from './trace-context';
import { buildUpstreamRequest } from './upstream-request';

/** What every listener's handler shares. */
export interface RouterDependencies {
  /** Read once per request: a reload swaps `current` without touching requests already routed. */
  readonly tables: { readonly current: RoutingTable };
  readonly forwarder: RetryingForwarder;
  readonly mirrors: MirrorSender;
  readonly telemetry: MeshTelemetry;
  readonly random: RandomSource;
  readonly accessLog: MeshLogger | undefined;
  readonly logger: MeshLogger;
  /** Present when tracing is configured: one span per request. */
  readonly tracer?: ProxyTracer;
}

/**
 * Routes one listener's requests in Envoy's order: add trace headers (and start the proxy's span), find the virtual host and
 * the first matching rule, pick the weighted destination, inject faults, send mirror copies,
 * then forward with the rule's retries and timeout; finally record the metrics.
 */
export class MeshRequestHandler {
  constructor(
    private readonly listener: ListenerRuntime,
    private readonly deps: RouterDependencies,
  ) {}

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = performance.now();
    ensureTraceHeaders(request.headers);
    // Before routing: mirrors and retries must carry this span as their parent.
    const span = this.deps.tracer?.start(request, this.listener);
    this.route(request, response).then(
      (outcome) => {
        this.record(request, outcome, started);
        span?.end(outcome);
      },
      (error: Error) => {
        this.deps.logger.error('request failed inside the mesh', { error: error.message, path: request.url });
        writeLocalReply(response, 500, 'internal mesh error');
      },
    );
  };

  private async route(request: IncomingMessage, response: ServerResponse): Promise<RequestOutcome> {
    const table = this.deps.tables.current;
    const headers = request.headers;
    const authority = headers.host ?? '';
    const facts = RequestFacts.fromUrl(request.url ?? '/', request.method ?? 'GET', authority, headers, this.listener.context);

    const virtualHost = this.listener.gateway !== undefined
      ? table.forGateway(this.listener.gateway, hostOfAuthority(authority), this.listener.serviceFqdn)
      : table.forService(this.listener.serviceFqdn as string);
    let rule: HttpRouteRule | undefined;
    let matchIndex = -1;
    for (const candidate of virtualHost?.rules ?? []) {
      matchIndex = candidate.match.firstMatching(facts);
      if (matchIndex >= 0) {
        rule = candidate;
        break;
      }
    }
    const serviceFqdn = virtualHost?.serviceFqdn ?? this.listener.serviceFqdn ?? hostOfAuthority(authority);
    if (!rule) {
      writeLocalReply(response, LocalReply.noRoute.status, LocalReply.noRoute.body);
      return { status: LocalReply.noRoute.status, flags: LocalReply.noRoute.flag, destination: destinationOfService(serviceFqdn), version: 'unknown' };
    }
    if (rule.directResponse) {
      response.writeHead(rule.directResponse.status, { 'content-length': rule.directResponse.body.length });
      response.end(rule.directResponse.body);
      return { status: rule.directResponse.status, flags: '-', destination: destinationOfService(serviceFqdn), version: 'unknown', rule };
    }

    // Like Envoy's weighted clusters, the destination is chosen with the route, before any fault.
    const destination = rule.destinations.pick() as RouteDestination;
    const unreached = (status: number, flags: string): RequestOutcome => ({
      status, flags, destination: destinationOfService(destination.serviceFqdn), version: destination.version, rule,
    });
    const client = new ClientDisconnectWatch(response);

    let body: Buffer | null = null;
    const reading = readRequestBody(request);
    if (reading) {
      try {
        body = await reading;
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) return unreached(0, 'DC');
        writeLocalReply(response, LocalReply.payloadTooLarge.status, LocalReply.payloadTooLarge.body);
        return unreached(LocalReply.payloadTooLarge.status, LocalReply.payloadTooLarge.flag);
      }
    }

    let faultFlags = '';
    if (rule.fault) {
      const fault = rule.fault.decide();
      if (fault.delayMs > 0) {
        faultFlags = 'DI';
        await sleep(fault.delayMs);
        if (client.gone) return unreached(0, joinFlags(faultFlags, 'DC'));
      }
      if (fault.abortStatus !== undefined) {
        writeLocalReply(response, fault.abortStatus, LocalReply.faultAbort.body);
        return unreached(fault.abortStatus, joinFlags(faultFlags, LocalReply.faultAbort.flag));
      }
    }

    const upstream = buildUpstreamRequest(request, facts, rule, matchIndex, destination, body);
    for (const mirror of rule.mirrors) {
      if (mirror.percent >= 100 || this.deps.random() * 100 < mirror.percent) {
        this.deps.mirrors.send(mirror.destination, upstream, this.listener.source, rule.timeoutMs);
      }
    }
    return this.deps.forwarder.forward({ response, rule, destination, upstream, client, source: this.listener.source, faultFlags });
  }

  private record(request: IncomingMessage, outcome: RequestOutcome, started: number): void {
    const durationMs = performance.now() - started;
    this.deps.telemetry.requestCompleted(this.listener.source, outcome.destination, outcome.version, outcome.status, outcome.flags, durationMs);
    this.deps.accessLog?.info('request', {
      listener: this.listener.name,
      method: request.method,
      path: request.url,
      authority: request.headers.host,
      status: outcome.status,
      flags: outcome.flags,
      upstream: outcome.workload?.name ?? '-',
      route: outcome.rule?.label ?? '-',
      duration_ms: Math.round(durationMs * 100) / 100,
      request_id: request.headers['x-request-id'],
    });
  }
}
