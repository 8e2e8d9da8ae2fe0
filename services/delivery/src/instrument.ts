// Must be the first import of main.ts: OpenTelemetry patches http and pg only if it loads before them.
import { startTelemetry } from '@courier/service-kit/telemetry';

startTelemetry({ service: 'delivery' });
