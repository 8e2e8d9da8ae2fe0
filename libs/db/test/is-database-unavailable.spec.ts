import pg from 'pg';
import { createPgPool, createPrismaClient, DatabasePingTimeoutError, isDatabaseUnavailable, isPoolExhausted } from '../src';
import { databaseErrorMapper } from '../src/nest';
import { PrismaClient } from './prisma-fixture/generated/client';
import { createNotesSchema } from './support/notes-schema';
import { startTcpForwarder, type TcpForwarder } from './support/tcp-forwarder';
import { databaseUrlVia, testDatabasePort, testDatabaseUrl } from './support/test-database-url';
import { closedPort, startSilentServer } from './support/unresponsive-servers';

/** Settles the promise and hands back what it rejected with. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

describe('isDatabaseUnavailable', () => {
  let notes: { schema: string; drop(): Promise<void> };
  const disposers: Array<() => Promise<unknown>> = [];

  /** A Prisma client and its pool, closed after the test. */
  function prismaAt(databaseUrl: string) {
    const handle = createPrismaClient(PrismaClient, { databaseUrl, schema: notes.schema, connectTimeoutMs: 500 });
    disposers.push(() => handle.client.$disconnect(), () => handle.pool.end());
    return handle;
  }

  beforeEach(async () => {
    notes = await createNotesSchema('unavailable');
  });

  afterEach(async () => {
    while (disposers.length > 0) await disposers.pop()?.().catch(() => undefined);
    await notes.drop();
  });

  describe('is true when the database cannot be reached', () => {
    it('nothing listens on the port (pg and Prisma)', async () => {
      const url = databaseUrlVia(await closedPort());
      const { client, pool } = prismaAt(url);

      const pgError = await rejectionOf(pool.query('SELECT 1'));
      expect(pgError).toMatchObject({ code: 'ECONNREFUSED' });
      expect(isDatabaseUnavailable(pgError)).toBe(true);

      const prismaError = await rejectionOf(client.note.findMany());
      expect(prismaError).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P1001' });
      expect(isDatabaseUnavailable(prismaError)).toBe(true);
    });

    it('every pooled connection stays busy for longer than a transaction may wait (P2028)', async () => {
      const handle = createPrismaClient(PrismaClient, { databaseUrl: testDatabaseUrl(), schema: notes.schema, poolMax: 1 });
      disposers.push(() => handle.client.$disconnect(), () => handle.pool.end());
      let release: () => void = () => undefined;
      let started: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (started = resolve));
      const holder = handle.client.$transaction(
        async (tx) => {
          await tx.note.findMany();
          started();
          await new Promise<void>((resolve) => (release = resolve));
        },
        { timeout: 10_000 },
      );
      await holding;

      const error = await rejectionOf(handle.client.$transaction(async (tx) => tx.note.findMany(), { maxWait: 200 }));
      release();
      await holder;
      expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', code: 'P2028' });
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    describe.each([
      ['closes its connections', 'close'],
      ['resets its connections', 'reset'],
    ] as const)('the server goes away and %s', (_description, how) => {
      let forwarder: TcpForwarder;

      beforeEach(async () => {
        forwarder = await startTcpForwarder(testDatabasePort());
      });

      afterEach(async () => {
        await forwarder.stop();
      });

      it('between queries', async () => {
        const { client, pool } = prismaAt(databaseUrlVia(forwarder.port));
        await client.note.count();
        await forwarder.stop(how);

        const prismaError = await rejectionOf(client.note.findMany());
        expect(isDatabaseUnavailable(prismaError)).toBe(true);
        expect(isDatabaseUnavailable(await rejectionOf(pool.query('SELECT 1')))).toBe(true);
      });

      it('in the middle of a query', async () => {
        const { client } = prismaAt(databaseUrlVia(forwarder.port));
        await client.note.count();
        const query = rejectionOf(client.$queryRawUnsafe('SELECT pg_sleep(0.5)'));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await forwarder.stop(how);

        expect(isDatabaseUnavailable(await query)).toBe(true);
      });

      it('in the middle of an interactive transaction', async () => {
        const { client } = prismaAt(databaseUrlVia(forwarder.port));
        const transaction = rejectionOf(
          client.$transaction(async (tx) => {
            await tx.note.count();
            await forwarder.stop(how);
            return tx.note.count();
          }),
        );

        expect(isDatabaseUnavailable(await transaction)).toBe(true);
      });
    });

    it('the server accepts connections but never answers (connect timeout)', async () => {
      const silent = await startSilentServer();
      disposers.push(() => silent.stop());
      const { client, pool } = prismaAt(databaseUrlVia(silent.port));

      const prismaError = await rejectionOf(client.note.findMany());
      expect(prismaError).toMatchObject({ message: 'Connection terminated due to connection timeout' });
      expect(isDatabaseUnavailable(prismaError)).toBe(true);
      const poolError = await rejectionOf(pool.query('SELECT 1'));
      expect(isDatabaseUnavailable(poolError)).toBe(true);
      expect(isPoolExhausted(poolError)).toBe(false);
      expect(databaseErrorMapper(poolError)).toMatchObject({ status: 503, detail: 'database is unavailable: PostgreSQL is unreachable' });
    });

    it('every pooled connection stays busy beyond the connect timeout', async () => {
      const pool = createPgPool({ databaseUrl: testDatabaseUrl(), poolMax: 1, connectTimeoutMs: 100 });
      disposers.push(() => pool.end());
      const held = await pool.connect();
      try {
        const error = await rejectionOf(pool.query('SELECT 1'));
        expect(error).toMatchObject({ message: 'timeout exceeded when trying to connect' });
        expect(isDatabaseUnavailable(error)).toBe(true);
        // A busy database, not a missing one: the 503 says so.
        expect(isPoolExhausted(error)).toBe(true);
        expect(databaseErrorMapper(error)).toMatchObject({ status: 503, detail: 'database is unavailable: no pooled PostgreSQL connection came free in time (every one was busy)' });
      } finally {
        held.release();
      }
    });

    it('pg gave up connecting before the TCP connection was up (its connect timer: "timeout expired")', () => {
      // pg's Client destroys the socket with this error when connectionTimeoutMillis passes before
      // the server accepted: on a starved machine a service's start-up migration got it and exited,
      // because it was not taken for an unreachable database (which start-up waits out).
      expect(isDatabaseUnavailable(new Error('timeout expired'))).toBe(true);
      expect(isDatabaseUnavailable(new Error('query failed', { cause: new Error('timeout expired') }))).toBe(true);
    });

    it('a health check timed out', () => {
      expect(isDatabaseUnavailable(new DatabasePingTimeoutError(100))).toBe(true);
    });

    it('the server is shutting down (SQLSTATE 57P01) or refuses connections (class 08)', () => {
      expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
      expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    });

    it('the cause is wrapped (cause chains, AggregateError)', () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
      expect(isDatabaseUnavailable(new Error('repository failed', { cause: refused }))).toBe(true);
      expect(isDatabaseUnavailable(new AggregateError([refused], 'all attempts failed'))).toBe(true);
    });
  });

  describe('is false when the server answered', () => {
    it('a unique violation (pg and Prisma)', async () => {
      const { client, pool } = prismaAt(testDatabaseUrl());
      await client.note.create({ data: { title: 'twice' } });

      const prismaError = await rejectionOf(client.note.create({ data: { title: 'twice' } }));
      expect(prismaError).toMatchObject({ code: 'P2002' });
      expect(isDatabaseUnavailable(prismaError)).toBe(false);

      const pgError = await rejectionOf(pool.query(`INSERT INTO "${notes.schema}"."Note" (title) VALUES ('twice')`));
      expect(pgError).toBeInstanceOf(pg.DatabaseError);
      expect(pgError).toMatchObject({ code: '23505' });
      expect(isDatabaseUnavailable(pgError)).toBe(false);
    });

    it('a syntax error or a missing table', async () => {
      const { client, pool } = prismaAt(testDatabaseUrl());
      expect(isDatabaseUnavailable(await rejectionOf(pool.query('SELEC 1')))).toBe(false);
      expect(isDatabaseUnavailable(await rejectionOf(client.$queryRawUnsafe('SELECT * FROM "NoSuchTable"')))).toBe(false);
    });

    it('a transaction that outlived its own timeout (P2028, but the database answered)', async () => {
      const { client } = prismaAt(testDatabaseUrl());
      const error = await rejectionOf(
        client.$transaction(
          async (tx) => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            return tx.note.findMany();
          },
          { timeout: 100 },
        ),
      );
      expect(error).toMatchObject({ code: 'P2028' });
      expect(isDatabaseUnavailable(error)).toBe(false);
    });

    it('anything that is not a database error', () => {
      expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
      expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
      expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
      expect(isDatabaseUnavailable(null)).toBe(false);
    });
  });
});
