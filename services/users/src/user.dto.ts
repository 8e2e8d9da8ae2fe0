import type { User } from '@courier/contracts';
import type { User as UserRow } from './generated/prisma/client';

/** The wire shape is the contract's, not the table's: ISO timestamps, no internal columns. */
export function toUserDto(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
