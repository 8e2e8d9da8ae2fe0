import { BaseConfigSchema, DatabaseConfigSchema, envInt } from '@courier/service-kit';
import { z } from 'zod';

export const DeliveryConfigSchema = BaseConfigSchema.extend(DatabaseConfigSchema.shape).extend({
  PORT: BaseConfigSchema.shape.PORT.default(3002),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase Postgres identifier')
    .default('delivery')
    .describe('set DATABASE_SCHEMA to the Postgres schema delivery owns, e.g. DATABASE_SCHEMA=delivery'),
  USERS_URL: z
    .url('must be an http:// URL')
    .default('http://127.0.0.1:3001')
    .describe('set USERS_URL to where users is reached (the mesh locally, http://users:8080 on Kubernetes)'),
  USERS_TIMEOUT_MS: envInt(50, 30_000).default(1500).describe('set USERS_TIMEOUT_MS to the deadline for one call to users, e.g. 1500'),
});
export type DeliveryConfig = z.infer<typeof DeliveryConfigSchema>;
