import { BaseConfigSchema, DatabaseConfigSchema } from '@courier/service-kit';
import { z } from 'zod';

export const UsersConfigSchema = BaseConfigSchema.extend(DatabaseConfigSchema.shape).extend({
  PORT: BaseConfigSchema.shape.PORT.default(3001),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase Postgres identifier')
    .default('users')
    .describe('set DATABASE_SCHEMA to the Postgres schema users owns, e.g. DATABASE_SCHEMA=users'),
});
export type UsersConfig = z.infer<typeof UsersConfigSchema>;
