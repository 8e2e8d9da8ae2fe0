import { join } from 'node:path';

/** Migrations ship next to the code: `prisma/` sits beside both `src/` (tests) and `dist/` (runtime). */
export const USERS_MIGRATIONS_DIR = join(__dirname, '..', 'prisma', 'migrations');
