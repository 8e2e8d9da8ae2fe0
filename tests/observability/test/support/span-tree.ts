import type { ReceivedSpan } from '../../../../tools/mesh/test/support/otlp-json-receiver';

/** Who reported a span: its resource's `service.name`. */
export const serviceOf = (span: ReceivedSpan): string => span.resource['service.name'];

/** The spans of one trace, with the questions the assertions ask of them. */
export class SpanTree {
  private readonly byId: Map<string, ReceivedSpan>;

  constructor(readonly spans: ReceivedSpan[]) {
    this.byId = new Map(spans.map((span) => [span.spanId, span]));
  }

  parentOf(span: ReceivedSpan): ReceivedSpan | undefined {
    return this.byId.get(span.parentSpanId);
  }

  /** Spans whose parent is not in the trace (the browser's own span is not exported). */
  orphans(): ReceivedSpan[] {
    return this.spans.filter((span) => !this.byId.has(span.parentSpanId));
  }

  /** The first span matching, or an error listing what the trace holds. */
  find(description: string, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
    const span = this.spans.find(predicate);
    if (!span) throw new Error(`no span for ${description} in the trace:\n${this.describe()}`);
    return span;
  }

  /** The chain from a span up to the root, as `service: name` lines (for failure messages and hop checks). */
  ancestry(span: ReceivedSpan): ReceivedSpan[] {
    const chain = [span];
    for (let parent = this.parentOf(span); parent; parent = this.parentOf(parent)) chain.push(parent);
    return chain;
  }

  describe(): string {
    return this.spans.map((span) => `  ${serviceOf(span)}: ${span.name} (kind ${span.kind}, ${span.spanId} ← ${span.parentSpanId || '-'})`).join('\n');
  }
}
