import { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { type ListenerRuntime } from './listener-runtime';
import { type OtlpAttribute, type OtlpJsonExporter, type OtlpSpan } from './otlp-json-exporter';
import { type RequestOutcome } from './request-outcome';
import { newSpanId, parseTraceparent } from './trace-context';

/** A proxied request's span: started when the request arrives, ended when its outcome is known. */
export interface ProxySpan {
  end(outcome: RequestOutcome): void;
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

/** Wall-clock nanoseconds with sub-millisecond resolution, as OTLP wants them. */
function nowUnixNano(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
}

/**
 * One span per proxied request, as Envoy's tracer emits them in Istio: an ingress gateway
 * reports the request it received from outside the mesh (kind SERVER), a sidecar reports the
 * call its workload made (kind CLIENT, "outbound"). The request then travels on with a
 * traceparent naming this span, so the workload's own server span becomes its child.
 * Requests that arrive unsampled (flags 00) are neither recorded nor re-parented.
 */
export class ProxyTracer {
  constructor(private readonly exporter: OtlpJsonExporter) {}

  /** Call after ensureTraceHeaders: the request already carries a valid traceparent. */
  start(request: IncomingMessage, listener: ListenerRuntime): ProxySpan | undefined {
    const headers = request.headers;
    const parent = parseTraceparent(headers.traceparent as string);
    if (!parent?.sampled) return undefined;
    const spanId = newSpanId();
    headers.traceparent = `00-${parent.traceId}-${spanId}-${parent.flags}`;
    const started = nowUnixNano();
    const gateway = listener.gateway !== undefined;
    const method = request.method ?? 'GET';
    return {
      end: (outcome) => {
        const span: OtlpSpan = {
          traceId: parent.traceId,
          spanId,
          parentSpanId: parent.spanId,
          name: `${outcome.destination.serviceFqdn}:80/*`,
          kind: gateway ? SPAN_KIND_SERVER : SPAN_KIND_CLIENT,
          startTimeUnixNano: started.toString(),
          endTimeUnixNano: nowUnixNano().toString(),
          attributes: spanAttributes(headers, listener, method, request.url ?? '/', outcome),
          // Envoy marks 5xx and requests that got no response as errors; 4xx is the client's doing.
          status: { code: outcome.status >= 500 || outcome.status === 0 ? 2 : 0 },
        };
        this.exporter.export(span);
      },
    };
  }
}

/** The tags Envoy's tracer puts on a proxy span in Istio, with OTel's HTTP names alongside. */
function spanAttributes(headers: IncomingHttpHeaders, listener: ListenerRuntime, method: string, path: string, outcome: RequestOutcome): OtlpAttribute[] {
  const destination = outcome.destination;
  const text = (key: string, value: string): OtlpAttribute => ({ key, value: { stringValue: value } });
  return [
    text('component', 'proxy'),
    text('node_id', listener.gateway !== undefined ? 'router~istio-ingressgateway' : `sidecar~${listener.source.workload}`),
    text('mesh.listener', listener.name),
    text('http.request.method', method),
    text('url.path', path),
    text('server.address', String(headers.host ?? '')),
    { key: 'http.response.status_code', value: { intValue: String(outcome.status) } },
    text('response_flags', outcome.flags),
    text('upstream_cluster', `outbound|80|${outcome.version}|${destination.serviceFqdn}`),
    text('istio.canonical_service', destination.app),
    text('istio.canonical_revision', destination.version),
    text('istio.destination_workload', outcome.workload?.name ?? destination.workload),
    text('guid:x-request-id', String(headers['x-request-id'] ?? '')),
  ];
}
