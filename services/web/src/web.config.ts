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
});
export type WebConfig = z.infer<typeof WebConfigSchema>;
