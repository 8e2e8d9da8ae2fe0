import { BaseConfigSchema, databaseConfigSchema } from '@courier/service-kit';
import type { z } from 'zod';

export const UsersConfigSchema = BaseConfigSchema.extend(databaseConfigSchema('users').shape).extend({
  PORT: BaseConfigSchema.shape.PORT.default(3001),
});
export type UsersConfig = z.infer<typeof UsersConfigSchema>;
