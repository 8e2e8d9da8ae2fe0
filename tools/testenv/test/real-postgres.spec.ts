import { existsSync } from 'node:fs';
import pg from 'pg';
import { findFreePort, PostgresBinariesMissingError, startRealPostgres } from '../src';

// No skip when PostgreSQL is missing: startRealPostgres then fails with an error that names the
// path it checked and the apt-get command that fixes it, locally and in CI alike.
describe('startRealPostgres', () => {
  it('starts a PostgreSQL 15 on 127.0.0.1 that accepts queries, and stop() removes every trace', async () => {
    const server = await startRealPostgres();
    let stopped = false;
    try {
      expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
      expect(existsSync(server.directory)).toBe(true);

      const client = new pg.Client(server.url);
      await client.connect();
      try {
        const { rows } = await client.query<{ version: string; listen: string; fsync: string }>(
          `SELECT current_setting('server_version') AS version, current_setting('listen_addresses') AS listen,
                  current_setting('fsync') AS fsync`,
        );
        expect(rows[0]).toEqual({ version: expect.stringMatching(/^15\./), listen: '127.0.0.1', fsync: 'off' });
      } finally {
        await client.end();
      }

      await server.stop();
      stopped = true;
      expect(existsSync(server.directory)).toBe(false);
      const afterStop = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
      await expect(afterStop.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      if (!stopped) await server.stop();
    }
  });

  it('halt() cuts the server off and resume() brings it back on the same port with its data', async () => {
    const server = await startRealPostgres();
    const connect = async () => {
      const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
      await client.connect();
      return client;
    };
    try {
      const before = await connect();
      // The server cutting this connection is the point; pg reports it as an 'error' event too.
      before.on('error', () => undefined);
      await before.query('CREATE TABLE survivors (id int)');
      await before.query('INSERT INTO survivors VALUES (1)');
      await server.halt();
      await expect(before.query('SELECT 1')).rejects.toThrow();
      await before.end().catch(() => undefined);
      await expect(connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      await server.resume();
      const after = await connect();
      try {
        expect((await after.query('SELECT id FROM survivors')).rows).toEqual([{ id: 1 }]);
      } finally {
        await after.end();
      }
    } finally {
      await server.stop();
    }
  });

  it('uses the port it is given', async () => {
    const port = await findFreePort();
    const server = await startRealPostgres({ port });
    try {
      expect(server.port).toBe(port);
      expect(server.url).toContain(`:${port}/`);
    } finally {
      await server.stop();
    }
  });

  it('names the missing binary and the fix when PostgreSQL is not installed there', async () => {
    const attempt = startRealPostgres({ binDir: '/nonexistent/postgresql/15/bin' });
    await expect(attempt).rejects.toBeInstanceOf(PostgresBinariesMissingError);
    await expect(attempt).rejects.toThrow(
      /\/nonexistent\/postgresql\/15\/bin\/initdb is missing or not executable.*apt-get install -y postgresql-15/,
    );
  });
});
