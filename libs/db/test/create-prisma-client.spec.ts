import { createPrismaClient } from '../src';
import { PrismaClient } from './prisma-fixture/generated/client';
import { createNotesSchema } from './support/notes-schema';
import { startTcpForwarder } from './support/tcp-forwarder';
import { databaseUrlVia, testDatabasePort, testDatabaseUrl } from './support/test-database-url';
import { withClient } from './support/test-schema';
import { startSilentServer } from './support/unresponsive-servers';

describe('createPrismaClient', () => {
  let notes: { schema: string; drop(): Promise<void> };

  beforeEach(async () => {
    notes = await createNotesSchema('client');
  });

  afterEach(async () => {
    await notes.drop();
  });

  it("queries the service's schema through the pg adapter and the returned pool", async () => {
    const { client, pool } = createPrismaClient(PrismaClient, { databaseUrl: testDatabaseUrl(), schema: notes.schema });
    try {
      await client.note.create({ data: { title: 'hello' } });

      const direct = await pool.query(`SELECT title FROM "${notes.schema}"."Note"`);
      expect(direct.rows).toEqual([{ title: 'hello' }]);
      expect(pool.options.max).toBe(10);
    } finally {
      await client.$disconnect();
      await pool.end();
    }
  });

  it('fails fast, within connectTimeoutMs, when the server accepts but never answers', async () => {
    const silent = await startSilentServer();
    const { client, pool } = createPrismaClient(PrismaClient, {
      databaseUrl: databaseUrlVia(silent.port),
      schema: notes.schema,
      connectTimeoutMs: 300,
    });
    try {
      const startedAt = Date.now();
      await expect(client.note.findMany()).rejects.toThrow(/connection timeout/);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    } finally {
      await client.$disconnect();
      await pool.end();
      await silent.stop();
    }
  });

  it('bounds every statement by statementTimeoutMs', async () => {
    const { client, pool } = createPrismaClient(PrismaClient, {
      databaseUrl: testDatabaseUrl(),
      schema: notes.schema,
      statementTimeoutMs: 200,
    });
    try {
      const startedAt = Date.now();
      // PostgreSQL cancels it server-side (57014); PGlite cannot cancel, so pg's client-side
      // read timeout gives up on it a moment later.
      await expect(client.$queryRawUnsafe('SELECT pg_sleep(2)')).rejects.toThrow(
        /canceling statement due to statement timeout|Query read timeout/,
      );
      expect(Date.now() - startedAt).toBeLessThan(1_900);
    } finally {
      await client.$disconnect();
      await pool.end();
      // Let PGlite finish the abandoned sleep before the next test needs the shared session.
      await withClient((client) => client.query('SELECT 1'));
    }
  });

  it('survives the server dropping idle connections, reporting them to onIdleClientError', async () => {
    const forwarder = await startTcpForwarder(testDatabasePort());
    const idleErrors: Error[] = [];
    const { client, pool } = createPrismaClient(PrismaClient, {
      databaseUrl: databaseUrlVia(forwarder.port),
      schema: notes.schema,
      onIdleClientError: (error) => idleErrors.push(error),
    });
    try {
      await client.note.count();
      expect(pool.idleCount).toBeGreaterThan(0);

      await forwarder.stop();
      await waitFor(() => idleErrors.length > 0);

      // Without the pool's 'error' listener this would have been an uncaught exception.
      expect(idleErrors[0]?.message).toMatch(/Connection terminated unexpectedly|ECONNRESET/);
      await expect(client.note.count()).rejects.toThrow(/Can't reach database server/);
    } finally {
      await client.$disconnect();
      await pool.end();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
