import { type Dispatcher } from 'undici';
import { type MeshTelemetry } from './mesh-telemetry';
import { type RouteDestination } from './route-destination';
import { shadowAuthority } from './shadow-authority';
import { destinationOfWorkload, type SourceIdentity } from './telemetry-identity';
import { type UpstreamPools } from './upstream-pools';
import { type UpstreamRequest } from './upstream-request';
import { type Workload } from './workload';

/** Mirrored copies in flight at once; beyond this, copies are dropped rather than queued. */
const MAX_SHADOWS_IN_FLIGHT = 1024;
/** A shadow never outlives this, even on a route without a timeout, so a stuck mirror target cannot pile up requests. */
const MAX_SHADOW_DURATION_MS = 60_000;

/**
 * Sends mirrored copies of requests fire-and-forget, as Envoy's request mirror policy does:
 * the copy carries the `-shadow` authority, its response is read and dropped, its failures are
 * ignored, and nothing about it delays or changes the primary response.
 */
export class MirrorSender {
  private inFlight = 0;

  constructor(
    private readonly pools: UpstreamPools,
    private readonly telemetry: MeshTelemetry,
  ) {}

  send(destination: RouteDestination, request: UpstreamRequest, source: SourceIdentity, routeTimeoutMs: number): void {
    const workload = destination.endpoints?.next();
    if (!workload) return;
    if (this.inFlight >= MAX_SHADOWS_IN_FLIGHT) {
      this.telemetry.mirrorsDropped++;
      return;
    }
    this.inFlight++;
    const headers = { ...request.headers, host: shadowAuthority(String(request.headers.host ?? '')) };
    const timeoutMs = routeTimeoutMs > 0 ? Math.min(routeTimeoutMs, MAX_SHADOW_DURATION_MS) : MAX_SHADOW_DURATION_MS;
    const handler = new ShadowResponseHandler(workload, source, this.telemetry, timeoutMs, () => this.inFlight--);
    try {
      this.pools.get(workload.origin).dispatch({ method: request.method as Dispatcher.HttpMethod, path: request.path, headers, body: request.body }, handler);
    } catch {
      handler.onResponseError();
    }
  }
}

/** Reads and drops a shadow response, recording what the mirror target answered. */
class ShadowResponseHandler implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private status = 0;
  private done = false;
  private readonly timer: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;

  constructor(
    private readonly workload: Workload,
    private readonly source: SourceIdentity,
    private readonly telemetry: MeshTelemetry,
    timeoutMs: number,
    private readonly onDone: () => void,
  ) {
    this.timer = setTimeout(() => {
      this.controller?.abort(new Error('shadow request timed out'));
      this.finish();
    }, timeoutMs);
    this.timer.unref();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.done) controller.abort(new Error('shadow request timed out'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {
    // The shadow's response goes nowhere.
  }

  onResponseEnd(): void {
    if (!this.done) this.telemetry.shadowAnswered(this.source, destinationOfWorkload(this.workload), this.status, performance.now() - this.started);
    this.finish();
  }

  onResponseError(): void {
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.onDone();
  }
}
