import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnEmbeddedPostgres, type SpawnedEmbeddedPostgres } from '../src';

/**
 * The guarantees of the PGlite wire server (tools/testenv/src/embedded/pglite-wire-server.ts).
 * They need the embedded PGlite itself, not whatever DATABASE_URL points at, so this file starts
 * one in-memory instance for all its tests — in a child process, since PGlite cannot load inside
 * Jest's module sandbox.
 */
describe('embedded PostgreSQL wire server', () => {
  let embedded: SpawnedEmbeddedPostgres;
  beforeAll(async () => {
    embedded = await spawnEmbeddedPostgres();
    const client = new pg.Client(embedded.url);
    await client.connect();
    await client.query('CREATE TABLE wire_test (id int primary key, note text)');
    await client.end();
  }, 120_000);
  afterAll(() => embedded.stop());

  it('keeps concurrent clients’ parameterised queries apart', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: embedded.url, max: 4 }));
    try {
      const results = await Promise.all(
        pools.flatMap((pool, p) =>
          Array.from({ length: 40 }, async (_, i) => {
            const { rows } = await pool.query('SELECT $1::int * 1000 + $2::int AS n, $3::text AS tag', [p, i, `pool-${p}`]);
            return rows[0].n === p * 1000 + i && rows[0].tag === `pool-${p}`;
          }),
        ),
      );
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('runs another client only after an open transaction commits', async () => {
    const a = new pg.Client(embedded.url);
    const b = new pg.Client(embedded.url);
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await a.query("INSERT INTO wire_test VALUES (1, 'from a')");
      const seenByB = b.query('SELECT count(*)::int AS n FROM wire_test WHERE id = 1');
      await sleep(200);
      await a.query('COMMIT');
      expect((await seenByB).rows[0].n).toBe(1);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('rolls back the transaction of a client that disconnects mid-way', async () => {
    const a = new pg.Client(embedded.url);
    await a.connect();
    await a.query('BEGIN');
    await a.query("INSERT INTO wire_test VALUES (2, 'never committed')");
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    a.on('error', () => undefined);

    const b = new pg.Client(embedded.url);
    await b.connect();
    try {
      expect((await b.query('SELECT count(*)::int AS n FROM wire_test WHERE id = 2')).rows[0].n).toBe(0);
    } finally {
      await b.end();
    }
  });

  it('terminates a client idle in a transaction when others are waiting', async () => {
    const idle = new pg.Client(embedded.url);
    const ended = new Promise((resolve) => idle.on('error', resolve).on('end', resolve));
    await idle.connect();
    await idle.query('BEGIN');
    await idle.query("INSERT INTO wire_test VALUES (3, 'idle')");

    const other = new pg.Client(embedded.url);
    const started = Date.now();
    await other.connect();
    try {
      const { rows } = await other.query('SELECT count(*)::int AS n FROM wire_test WHERE id = 3');
      expect(rows[0].n).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      await ended;
    } finally {
      await other.end();
    }
  }, 20_000);
});
