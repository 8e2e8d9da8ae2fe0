export { startTelemetry, getPrometheusExporter, shutdownTelemetry, type TelemetryOptions } from './start-telemetry';
