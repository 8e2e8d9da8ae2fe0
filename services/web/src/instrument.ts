// Must be the first import of main.ts: OpenTelemetry patches http only if it loads before it.
import { startTelemetry } from '@courier/service-kit/telemetry';

startTelemetry({ service: 'web' });
