import { type MeshLogger } from './mesh-logger';

/** One attribute in OTLP/JSON's shape. */
export interface OtlpAttribute {
  key: string;
  value: { stringValue: string } | { intValue: string };
}

/** A finished span in OTLP/JSON's shape (ids are lowercase hex, times are nanosecond strings). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 2 = SERVER, 3 = CLIENT (opentelemetry.proto.trace.v1.Span.SpanKind). */
  kind: 2 | 3;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  /** 1 = OK (unset is also fine), 2 = ERROR. */
  status: { code: 0 | 2 };
}

export interface OtlpJsonExporterOptions {
  /** Where traces go: `<endpoint>/v1/traces`, as OTEL_EXPORTER_OTLP_ENDPOINT is interpreted. */
  endpoint: string;
  resource: Record<string, string>;
  logger: MeshLogger;
  /** How often queued spans are sent. */
  flushIntervalMs?: number;
}

/** Spans kept while the collector is slow or down; beyond this the oldest are dropped. */
const MAX_QUEUED_SPANS = 4096;
const MAX_BATCH = 512;

/**
 * Sends the mesh's spans over OTLP/HTTP with JSON bodies, batched. Written by hand instead of
 * using the OpenTelemetry SDK: the mesh needs only "queue, batch, POST", and staying free of the
 * SDK keeps its image and its start-up small. A collector that is down costs a warning, never a
 * request.
 */
export class OtlpJsonExporter {
  private queue: OtlpSpan[] = [];
  private readonly url: string;
  private readonly resourceAttributes: OtlpAttribute[];
  private readonly timer: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();
  private failing = false;
  dropped = 0;

  constructor(private readonly options: OtlpJsonExporterOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
    this.resourceAttributes = Object.entries(options.resource).map(([key, value]) => ({ key, value: { stringValue: value } }));
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 500);
    this.timer.unref();
  }

  export(span: OtlpSpan): void {
    if (this.queue.length >= MAX_QUEUED_SPANS) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(span);
    if (this.queue.length >= MAX_BATCH) void this.flush();
  }

  /** Sends what is queued; one POST at a time, so batches arrive in order. */
  flush(): Promise<void> {
    this.inFlight = this.inFlight.then(() => this.sendQueued());
    return this.inFlight;
  }

  async shutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async sendQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const body = JSON.stringify({
        resourceSpans: [{ resource: { attributes: this.resourceAttributes }, scopeSpans: [{ scope: { name: '@courier/mesh' }, spans: batch }] }],
      });
      try {
        const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`answered ${response.status}`);
        if (this.failing) this.options.logger.info('trace export recovered', { endpoint: this.url });
        this.failing = false;
      } catch (error) {
        // One warning per outage, not one per batch; the spans of the failed batch are lost.
        if (!this.failing) this.options.logger.warn('trace export failed; spans are dropped until it recovers', { endpoint: this.url, error: (error as Error).message });
        this.failing = true;
        this.dropped += batch.length;
        return;
      }
    }
  }
}
