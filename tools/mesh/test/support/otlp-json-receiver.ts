import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A span as received, flattened with its resource's attributes. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string>;
  resource: Record<string, string>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}
interface OtlpTraces {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: (Omit<ReceivedSpan, 'attributes' | 'resource'> & { attributes?: OtlpKeyValue[] })[] }[] }[];
}

/**
 * A minimal OTLP/HTTP trace receiver (JSON bodies only) standing in for Jaeger's or a collector's
 * port 4318, which cannot run here. Protobuf bodies are refused with 415 and counted, so a
 * misconfigured exporter fails the test instead of silently sending nothing readable.
 */
export class OtlpJsonReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly rejected: string[] = [];

  private readonly server: Server;
  endpoint = '';

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const type = request.headers['content-type'] ?? '';
        if (request.url !== '/v1/traces' || !type.startsWith('application/json')) {
          this.rejected.push(`${request.method} ${request.url} ${type}`);
          response.writeHead(request.url === '/v1/traces' ? 415 : 404).end();
          return;
        }
        this.accept(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(): Promise<OtlpJsonReceiver> {
    const receiver = new OtlpJsonReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.endpoint = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** Spans of one trace, once `predicate` holds for them (exporters batch, so spans trickle in). */
  async waitForTrace(traceId: string, predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs = 15_000): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const spans = this.spans.filter((span) => span.traceId === traceId);
      if (predicate(spans)) return spans;
      if (Date.now() > deadline) return spans;
      await sleep(100);
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(body: OtlpTraces): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = flatten(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: flatten(span.attributes),
            resource,
          });
        }
      }
    }
  }
}

function flatten(attributes: OtlpKeyValue[] | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const { key, value } of attributes ?? []) {
    const raw = value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
    if (raw !== undefined) flat[key] = String(raw);
  }
  return flat;
}
