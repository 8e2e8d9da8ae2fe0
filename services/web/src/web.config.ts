import { BaseConfigSchema, envInt } from '@courier/service-kit';
import { z } from 'zod';

export const WebConfigSchema = BaseConfigSchema.extend({
  PORT: BaseConfigSchema.shape.PORT.default(3000),
  USERS_URL: z.url('must be an http:// URL').default('http://127.0.0.1:3001').describe('set USERS_URL to where users is reached, e.g. http://127.0.0.1:3001'),
  DELIVERY_URL: z
    .url('must be an http:// URL')
    .default('http://127.0.0.1:3002')
    .describe('set DELIVERY_URL to where delivery is reached, e.g. http://127.0.0.1:3002'),
  UPSTREAM_TIMEOUT_MS: envInt(50, 30_000).default(2500).describe('set UPSTREAM_TIMEOUT_MS to the deadline for one call to users or delivery'),
  STACK_ADMIN_URL: z
    .url('must be an http:// URL')
    .optional()
    .describe('set STACK_ADMIN_URL to the local stack admin API, e.g. http://127.0.0.1:8079 (npm start sets it)'),
  PROMETHEUS_URL: z
    .url('must be an http:// URL')
    .optional()
    .describe('set PROMETHEUS_URL to the Prometheus that scrapes Istio, e.g. http://prometheus.istio-system:9090'),
  ROUTING_API: z
    .enum(['istio', 'gateway-api'], 'must be istio or gateway-api')
    .default('istio')
    .describe('set ROUTING_API to the routing API the charts render (routing.api): istio or gateway-api; the chart sets it'),
  MESH_MODE: z
    .enum(['sidecar', 'ambient'], 'must be sidecar or ambient')
    .default('sidecar')
    .describe('set MESH_MODE to the data plane (mesh.mode): sidecar or ambient; the chart sets it'),
  CONTROL_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('set CONTROL_TOKEN to the token the control room sends as a bearer token (npm start sets its per-run token)'),
  CONTROL_AUTH: z
    .enum(['on', 'off'], 'must be on or off')
    .default('on')
    .describe('set CONTROL_AUTH=off only on a laptop (npm start does under CONTROL_AUTH=off): control actions then need no token'),
  STREAMS_PORT: envInt(0, 65535)
    .default(3005)
    .describe('set STREAMS_PORT to a free TCP port for the control room\'s event streams, other than PORT (the chart sets 8081; 0 lets the system choose)'),
  SSE_STREAM_MAX_MS: envInt(1000, 3_600_000)
    .default(8000)
    .describe('set SSE_STREAM_MAX_MS below the route timeout in front of web (the chart sets 10s), e.g. 8000'),
  SSE_MAX_CLIENTS: envInt(1, 10_000)
    .default(64)
    .describe('set SSE_MAX_CLIENTS to how many control-room event streams one web process serves at once, e.g. 64'),
});
export type WebConfig = z.infer<typeof WebConfigSchema>;
