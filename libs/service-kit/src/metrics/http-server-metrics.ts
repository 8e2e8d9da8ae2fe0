import { metrics, ValueType, type Histogram } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { VersionInfo } from '../version/version-info';

/** OpenTelemetry's recommended boundaries for http.server.request.duration, in seconds. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * Records `http.server.request.duration` (Prometheus: http_server_request_duration, unit s) per
 * route template, method and status, labelled with version and track so stable and canary can be
 * compared, `http.server.active_requests` (a gauge in Prometheus) for saturation, plus `courier.service.info` (courier_service_info) = 1 with the build's identity.
 */
export function registerHttpServerMetrics(app: FastifyInstance, info: VersionInfo): void {
  const meter = metrics.getMeter('@courier/service-kit');
  const duration: Histogram = meter.createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    valueType: ValueType.DOUBLE,
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  // OTel's saturation signal for HTTP servers; counts requests between arrival and response.
  const active = meter.createUpDownCounter('http.server.active_requests', { description: 'Number of active HTTP server requests.', unit: '{request}' });
  meter
    .createObservableGauge('courier.service.info', { description: 'Build identity of this process; always 1.' })
    .addCallback((result) => result.observe(1, { service: info.service, version: info.version, track: info.track, commit: info.commit }));

  const activeAttributes = (method: string) => ({ 'http.request.method': method, 'url.scheme': 'http', version: info.version, track: info.track });
  app.addHook('onRequest', async (request) => {
    active.add(1, activeAttributes(request.method));
  });
  app.addHook('onResponse', async (request, reply) => {
    active.add(-1, activeAttributes(request.method));
    duration.record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'http.route': request.routeOptions.url ?? 'unmatched',
      'http.response.status_code': reply.statusCode,
      version: info.version,
      track: info.track,
    });
  });
}
