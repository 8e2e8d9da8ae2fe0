import { createNoopMeter, metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { PrismaInstrumentation } from '@prisma/instrumentation';

/** Probes and scrapes are noise in traces; they still show up in metrics. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Views applied to every service. The HTTP instrumentation's own server duration histograms (the
 * old `http.server.duration` and, with the stable conventions, `http.server.request.duration`)
 * have no `http.route` under Fastify, and the second would share a Prometheus family name with
 * service-kit's route-aware one (see HttpServerMetrics), which Prometheus rejects: both dropped.
 */
const VIEWS: ViewOptions[] = [
  { instrumentName: 'http.server.duration', aggregation: { type: AggregationType.DROP } },
  { meterName: '@opentelemetry/instrumentation-http', instrumentName: 'http.server.request.duration', aggregation: { type: AggregationType.DROP } },
];

/**
 * Every series carries the process' identity as `service_name`, `service_version` and
 * `deployment_track` (from the resource), so any metric, the pg pool's included, can be split
 * stable against canary without joining on target_info.
 */
const IDENTITY_LABELS = /^(service\.name|service\.version|deployment\.track)$/;

let prometheusExporter: PrometheusExporter | undefined;
let sdk: NodeSDK | undefined;

export interface TelemetryOptions {
  service: string;
}

/**
 * Starts OpenTelemetry before the application code is loaded (each service's `instrument.ts`
 * is its first import), so http and pg are patched when Nest requires them.
 *
 * - Spans: incoming and outgoing http (W3C traceparent in and out), pg queries, and, when spans are
 *   exported, Prisma's operation spans (prisma:client:operation → prisma:client:db_query), all in
 *   the request's trace.
 * - Metrics always go to the Prometheus exporter served on the app's own `/metrics`.
 * - Traces are exported over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it the
 *   SDK would dial 127.0.0.1:4318 by default, so spans are still created (logs carry trace ids and
 *   traceparent is propagated) but handed to a no-op processor.
 * - OTEL_SDK_DISABLED=true turns tracing off entirely (used by the benchmarks to price it).
 */
export function startTelemetry(options: TelemetryOptions): void {
  if (prometheusExporter) return;
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  process.env.OTEL_TRACES_EXPORTER ??= endpoint ? 'otlp' : 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';

  if (process.env.OTEL_SDK_DISABLED === 'true') {
    ensureMetrics(identityFromEnv(options.service));
    return;
  }

  prometheusExporter = new PrometheusExporter({ preventServerStart: true, withResourceConstantLabels: IDENTITY_LABELS });
  const resource = serviceResource(identityFromEnv(options.service));
  const spanProcessors: SpanProcessor[] = endpoint ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] : [new NoopSpanProcessor()];
  const http = new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]) });
  sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    metricReaders: [prometheusExporter],
    views: VIEWS,
    spanProcessors,
    instrumentations: [
      http,
      // The pg spans carry the SQL (and the pg instrumentation also reports the pool's connection
      // metrics, so it always runs); Prisma's spans say which model operation issued it, so a slow
      // query in a trace points at a line of service code. Services without Prisma (web) never load it.
      new PgInstrumentation({ requireParentSpan: true }),
      // Prisma's spans only when they are exported: nothing else reads them, and Prisma's tracing
      // costs CPU on every query (bench/README.md, "OpenTelemetry cost").
      ...(endpoint ? [new PrismaInstrumentation()] : []),
    ],
  });
  sdk.start();
  // Every metric of the HTTP instrumentation goes unread: its server histograms lack http.route
  // and are dropped (VIEWS), and nothing reads its client ones. Recording them still hashed their
  // attributes on every request, about 2% of a service's CPU in a profile (bench/README.md), so
  // it gets a meter that records nothing. Its spans are unchanged. After start(): starting hands
  // every instrumentation the global meter provider.
  http.setMeterProvider({ getMeter: () => createNoopMeter() });
}

/**
 * Makes sure a meter provider with the Prometheus exporter exists. When the app was built without
 * `instrument.ts` (tests), this starts metrics only: tracing must load before http and pg, too late now.
 */
export function ensureMetrics(identity: ServiceIdentity): void {
  if (prometheusExporter) return;
  prometheusExporter = new PrometheusExporter({ preventServerStart: true, withResourceConstantLabels: IDENTITY_LABELS });
  metrics.setGlobalMeterProvider(new MeterProvider({ resource: serviceResource(identity), readers: [prometheusExporter], views: VIEWS }));
}

/** The exporter behind `/metrics`. */
export function getPrometheusExporter(): PrometheusExporter {
  if (!prometheusExporter) throw new Error('metrics are not initialised: call ensureMetrics() or startTelemetry() first');
  return prometheusExporter;
}

/** Who is reporting. Before config is validated (startTelemetry) it comes straight from the environment. */
interface ServiceIdentity {
  service: string;
  version: string;
  track: string;
}

function identityFromEnv(service: string): ServiceIdentity {
  return { service, version: process.env.APP_VERSION ?? 'v1', track: process.env.APP_TRACK ?? 'stable' };
}

function serviceResource(identity: ServiceIdentity) {
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? identity.service,
    [ATTR_SERVICE_VERSION]: identity.version,
    'deployment.track': identity.track,
  });
}

/** Flushes pending spans on shutdown so the last requests before SIGTERM are not lost. */
export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
