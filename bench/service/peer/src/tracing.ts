// Loaded first (main.ts imports it before anything else), so http, express, Nest and pg are
// patched when Nest requires them: OpenTelemetry's Node SDK, as its getting-started guide sets it
// up, with the instrumentations getNodeAutoInstrumentations() enables for the libraries this
// service uses. Its others (dns, net, fs and ~40 more) are left out: they would only slow the peer.
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

new NodeSDK({
  serviceName: 'delivery-peer',
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new NestInstrumentation(), new PgInstrumentation()],
}).start();
