import { defineConfig } from 'prisma/config';

// `prisma generate` needs no database; the URL only matters to `prisma migrate` on machines that
// have Prisma's schema engine. Courier applies migrations with @courier/db's runner instead.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres' },
});
