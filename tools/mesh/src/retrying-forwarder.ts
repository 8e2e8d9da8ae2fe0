import { type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ClientDisconnectWatch } from './client-disconnect-watch';
import { type HttpRouteRule } from './http-route-rule';
import { joinFlags, LocalReply, writeLocalReply } from './local-reply';
import { type MeshTelemetry } from './mesh-telemetry';
import { type RandomSource } from './random-source';
import { type RequestOutcome } from './request-outcome';
import { type AttemptOutcome, isRetriable, retryBackoffMs } from './retry-policy';
import { type RouteDestination } from './route-destination';
import { destinationOfService, destinationOfWorkload, type SourceIdentity } from './telemetry-identity';
import { type AttemptResult, UpstreamAttempt } from './upstream-attempt';
import { type UpstreamPools } from './upstream-pools';
import { stripHopByHop, type UpstreamRequest } from './upstream-request';
import { type Workload } from './workload';

/** One routed request, ready to go upstream. */
export interface ForwardRequest {
  readonly response: ServerResponse;
  readonly rule: HttpRouteRule;
  readonly destination: RouteDestination;
  readonly upstream: UpstreamRequest;
  readonly client: ClientDisconnectWatch;
  readonly source: SourceIdentity;
  /** Flags of faults already injected (`DI`), carried into the outcome. */
  readonly faultFlags: string;
}

/**
 * Sends a routed request to its destination's workloads the way Envoy's router does: one
 * attempt at a time, each bounded by perTryTimeout, retried as the rule's retry policy allows
 * (with jittered back-off, preferring a workload not tried yet), all within the route timeout,
 * which starts once the request is routed (after any injected delay). The response of the
 * attempt that is not retried streams to the client.
 */
export class RetryingForwarder {
  constructor(
    private readonly pools: UpstreamPools,
    private readonly telemetry: MeshTelemetry,
    private readonly random: RandomSource,
  ) {}

  async forward(request: ForwardRequest): Promise<RequestOutcome> {
    const { rule, destination, response, client } = request;
    const started = performance.now();
    const deadline = rule.timeoutMs > 0 ? started + rule.timeoutMs : Number.POSITIVE_INFINITY;
    let current: UpstreamAttempt | undefined;
    let routeTimedOut = false;
    const routeTimer = rule.timeoutMs > 0
      ? setTimeout(() => {
          routeTimedOut = true;
          current?.cancel();
        }, rule.timeoutMs)
      : undefined;

    /** A local reply; `workload` is the last one tried, `reached` whether it ever answered the connection. */
    const reply = (local: { status: number; body: string; flag: string }, extraFlag = '', workload?: Workload, reached = workload !== undefined): RequestOutcome => {
      writeLocalReply(response, local.status, local.body);
      const identity = workload && reached ? destinationOfWorkload(workload) : destinationOfService(destination.serviceFqdn);
      return { status: local.status, flags: joinFlags(request.faultFlags, local.flag, extraFlag), destination: identity, version: destination.version, workload, rule };
    };
    const clientLeft = (workload: Workload): RequestOutcome => ({
      status: 0, flags: joinFlags(request.faultFlags, 'DC'), destination: destinationOfWorkload(workload), version: workload.version, workload, rule,
    });

    try {
      const policy = rule.retryPolicy;
      let retries = 0;
      let tried: Set<Workload> | undefined;
      for (;;) {
        if (!destination.endpoints) return reply(LocalReply.noCluster);
        const workload = destination.endpoints.next(tried);
        if (!workload) return reply(LocalReply.noHealthyUpstream);

        const canRetry = policy !== null && retries < policy.numRetries;
        const attemptStarted = performance.now();
        const attempt = new UpstreamAttempt(response, {
          shouldDiscard: (status) => canRetry && isRetriable(policy, { kind: 'response', status }),
          prepareResponseHeaders: (_status, headers) => {
            stripHopByHop(headers);
            rule.responseHeaders.applyTo(headers);
            destination.responseHeaders.applyTo(headers);
            headers['x-envoy-upstream-service-time'] = String(Math.round(performance.now() - attemptStarted));
          },
        });
        current = attempt;
        client.watch(attempt);
        let perTryTimedOut = false;
        const perTryTimer = policy && policy.perTryTimeoutMs > 0
          ? setTimeout(() => {
              perTryTimedOut = true;
              if (!attempt.isCommitted) attempt.cancel();
            }, policy.perTryTimeoutMs)
          : undefined;
        const result: AttemptResult = await attempt.start(this.pools.get(workload.origin), request.upstream);
        if (perTryTimer) clearTimeout(perTryTimer);
        current = undefined;
        client.watch(undefined);

        if (result.kind === 'committed' || result.kind === 'discarded') {
          this.telemetry.attemptAnswered(request.source, destinationOfWorkload(workload), result.status, performance.now() - attemptStarted);
        } else if (result.kind === 'cancelled' && attempt.reachedUpstream) {
          this.telemetry.attemptCutOff(request.source, destinationOfWorkload(workload), performance.now() - attemptStarted);
        }
        if (result.kind === 'committed') {
          if (client.gone) return clientLeft(workload);
          const cutShort = result.complete ? '' : routeTimedOut ? LocalReply.upstreamTimeout.flag : 'UPE';
          return { status: result.status, flags: joinFlags(request.faultFlags, cutShort), destination: destinationOfWorkload(workload), version: workload.version, workload, rule };
        }
        if (client.gone) return clientLeft(workload);
        if (routeTimedOut) return reply(LocalReply.upstreamTimeout, '', workload);

        const outcome: AttemptOutcome = result.kind === 'discarded'
          ? { kind: 'response', status: result.status }
          : result.kind === 'cancelled'
            ? { kind: 'per-try-timeout' }
            : { kind: result.kind };
        if (result.kind === 'cancelled' && !perTryTimedOut) return clientLeft(workload);

        if (canRetry && isRetriable(policy, outcome)) {
          retries++;
          if (destination.endpoints.size > 1) (tried ??= new Set()).add(workload);
          const backoff = retryBackoffMs(retries, this.random);
          if (backoff > 0) await sleep(Math.min(backoff, Math.max(0, deadline - performance.now())));
          if (client.gone) return clientLeft(workload);
          if (routeTimedOut || performance.now() >= deadline) return reply(LocalReply.upstreamTimeout, '', workload);
          continue;
        }

        const exhausted = retries > 0 ? 'URX' : '';
        switch (outcome.kind) {
          case 'connect-failure':
            return reply(LocalReply.connectionFailure, exhausted, workload, false);
          case 'reset':
            return reply(LocalReply.upstreamReset, exhausted, workload);
          case 'per-try-timeout':
            return reply(LocalReply.upstreamTimeout, exhausted, workload);
          case 'response':
            // Not reachable: a response is only discarded when it is going to be retried.
            throw new Error(`a ${outcome.status} response was dropped without a retry`);
        }
      }
    } finally {
      if (routeTimer) clearTimeout(routeTimer);
    }
  }
}
