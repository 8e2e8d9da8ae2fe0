export { ensureMetrics, getPrometheusExporter, shutdownTelemetry, startTelemetry, type TelemetryOptions } from './start-telemetry';
