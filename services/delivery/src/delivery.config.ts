import { BaseConfigSchema, databaseConfigSchema, envInt } from '@courier/service-kit';
import { z } from 'zod';

export const DeliveryConfigSchema = BaseConfigSchema.extend(databaseConfigSchema('delivery').shape).extend({
  PORT: BaseConfigSchema.shape.PORT.default(3002),
  USERS_URL: z
    .url('must be an http:// URL')
    .default('http://127.0.0.1:3001')
    .describe('set USERS_URL to where users is reached (the mesh locally, http://users:8080 on Kubernetes)'),
  USERS_TIMEOUT_MS: envInt(50, 30_000).default(1500).describe('set USERS_TIMEOUT_MS to the deadline for one call to users, e.g. 1500'),
});
export type DeliveryConfig = z.infer<typeof DeliveryConfigSchema>;
