import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentRequestContext } from '../context/request-context';

export interface LoggerOptions {
  service: string;
  version: string;
  track: string;
  level: string;
}

/**
 * JSON logs with the fields an operator filters on: service, version, track, and per line the
 * trace, span and request ids, so one request can be followed across services.
 */
export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, version: options.version, track: options.track },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const fields: Record<string, string> = {};
        const span = trace.getSpan(context.active());
        if (span) {
          const { traceId, spanId } = span.spanContext();
          fields.trace_id = traceId;
          fields.span_id = spanId;
        }
        const requestId = currentRequestContext()?.requestId;
        if (requestId) fields.request_id = requestId;
        return fields;
      },
    },
    destination,
  );
}
