import { z } from 'zod';
import { requiredOr } from '../problem/field-messages';
import { storableText } from '../problem/storable-text';

/** Bounded so oversized input is a 400 naming the field, never a slow write. */
const Name = storableText(z.string({ error: requiredOr('must be a string') }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const Email = z.email({ error: requiredOr('must be a valid email address') }).max(254, 'must be at most 254 characters').transform((e) => e.toLowerCase());

export const CreateUserSchema = z.strictObject({ email: Email, name: Name });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .strictObject({ email: Email.optional(), name: Name.optional() })
  .refine((u) => u.email !== undefined || u.name !== undefined, { message: 'must change at least one of email or name' });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const UserIdSchema = z.uuid({ error: requiredOr('must be a UUID') });

export const ListUsersQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be an integer').min(1).max(100).default(20),
  cursor: UserIdSchema.optional(),
  email: Email.optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UserPageSchema = z.object({
  items: z.array(UserSchema),
  nextCursor: z.string().nullable(),
});
export type UserPage = z.infer<typeof UserPageSchema>;
