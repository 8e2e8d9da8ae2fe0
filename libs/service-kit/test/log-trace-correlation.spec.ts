import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logging/create-logger';

/**
 * A log line written while a span is active names that span's trace, so an operator can go from
 * a log line to its trace in Jaeger. The SDK's context manager and a tracer stand in for what
 * startTelemetry sets up in a service process (it must load before http, too late inside jest).
 */
describe('log ↔ trace correlation', () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => {
    context.disable();
    trace.disable();
  });

  it('puts the active span’s trace_id and span_id on every line, and none outside a span', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    const logger = createLogger({ service: 'sample', version: 'v2', track: 'canary', level: 'info' }, sink);
    const tracer = new TracerProvider().getTracer('test');

    let expected = { traceId: '', spanId: '' };
    await tracer.startActiveSpan('request', async (span) => {
      expected = span.spanContext();
      await Promise.resolve();
      logger.info('inside');
      span.end();
    });
    logger.info('outside');

    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: expected.traceId, span_id: expected.spanId, version: 'v2', track: 'canary' });
    expect(expected.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
