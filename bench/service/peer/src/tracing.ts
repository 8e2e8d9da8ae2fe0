// Loaded first (main.ts imports it before anything else), so http, express and pg are patched
// when Nest requires them: OpenTelemetry's getting-started setup for Node.js.
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';

new NodeSDK({ serviceName: 'delivery-peer', instrumentations: [getNodeAutoInstrumentations()] }).start();
