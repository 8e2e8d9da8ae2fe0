import { createPrismaClient } from '@courier/db';
import { createTestSchema, type TestSchema } from '@courier/testenv';
import pg from 'pg';
import { Prisma, PrismaClient } from '../src/generated/prisma/client';
import { USERS_MIGRATIONS_DIR } from '../src/migrations-dir';

/** The committed SQL migrations must produce exactly the tables and columns the Prisma client expects. */
describe('users migrations', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema({ prefix: 'users_mig', migrationsDir: USERS_MIGRATIONS_DIR });
  });
  afterAll(() => schema.drop());

  it('create one column per scalar field of the User model', async () => {
    const client = new pg.Client({ connectionString: schema.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema.schema, 'users']);
      expect(rows[0].n).toBe(Object.keys(Prisma.UserScalarFieldEnum).length);
    } finally {
      await client.end();
    }
  });

  it('round-trip every field and enforce the unique email through the client', async () => {
    const { client, pool } = createPrismaClient(PrismaClient, { databaseUrl: schema.databaseUrl, schema: schema.schema });
    try {
      const created = await client.user.create({ data: { email: 'x@example.com', name: 'X' } });
      const [read] = await client.user.findMany({ select: Object.fromEntries(Object.keys(Prisma.UserScalarFieldEnum).map((k) => [k, true])) });
      expect(read).toEqual(created);
      await expect(client.user.create({ data: { email: 'x@example.com', name: 'Y' } })).rejects.toMatchObject({ code: 'P2002' });
    } finally {
      await client.$disconnect();
      await pool.end();
    }
  });
});
