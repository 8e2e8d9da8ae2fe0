import type pg from 'pg';
import { createPrismaClient, withShadowRollback } from '../src';
import { PrismaClient } from './prisma-fixture/generated/client';
import { createNotesSchema } from './support/notes-schema';
import { testDatabaseUrl } from './support/test-database-url';

describe('withShadowRollback', () => {
  let notes: { schema: string; drop(): Promise<void> };
  let client: PrismaClient;
  let pool: pg.Pool;

  beforeEach(async () => {
    notes = await createNotesSchema('shadow');
    ({ client, pool } = createPrismaClient(PrismaClient, { databaseUrl: testDatabaseUrl(), schema: notes.schema }));
  });

  afterEach(async () => {
    await client.$disconnect();
    await pool.end();
    await notes.drop();
  });

  it("returns fn's result, computed inside the transaction, and persists nothing", async () => {
    const result = await withShadowRollback(client, async (tx) => {
      const created = await tx.note.create({ data: { title: 'mirrored' } });
      const seenInside = await tx.note.count();
      return { created, seenInside };
    });

    expect(result.created).toEqual({ id: expect.any(Number), title: 'mirrored' });
    expect(result.seenInside).toBe(1);
    expect(await client.note.count()).toBe(0);
  });

  it("propagates fn's own error unchanged, and still persists nothing", async () => {
    const failure = new Error('handler failed');
    await expect(
      withShadowRollback(client, async (tx) => {
        await tx.note.create({ data: { title: 'half-done' } });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await client.note.count()).toBe(0);
  });

  it('leaves normal transactions on the same client committing', async () => {
    await withShadowRollback(client, (tx) => tx.note.create({ data: { title: 'shadow' } }));
    await client.$transaction(async (tx) => tx.note.create({ data: { title: 'primary' } }));

    expect(await client.note.findMany({ select: { title: true } })).toEqual([{ title: 'primary' }]);
  });
});
