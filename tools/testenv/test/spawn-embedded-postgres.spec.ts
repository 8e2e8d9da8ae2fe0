import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { spawnEmbeddedPostgres } from '../src';

// Starts PGlite instances of its own (one at a time): the only way to show persistence.
jest.setTimeout(120_000);

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('spawnEmbeddedPostgres', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'courier-pglite-')), 'data');
  });

  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('serves PGlite over TCP and keeps a data dir across restarts', async () => {
    const first = await spawnEmbeddedPostgres({ dataDir });
    try {
      expect(first.url).toMatch(new RegExp(`^postgres://postgres:[A-Za-z0-9_-]{24}@127\\.0\\.0\\.1:${first.port}/postgres$`));
      const [{ version }] = await query<{ version: string }>(first.url, 'SELECT version()');
      expect(version).toContain('PGlite');
      // Sized for a few MB of data, not a server's 128 MB: the pool lives in PGlite's memory.
      expect(await query(first.url, 'SHOW shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
      await query(first.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    await expect(query(first.url, 'SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const second = await spawnEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
      // Many pools connect at once; pglite-socket's default would admit only one connection.
      const clients = Array.from({ length: 20 }, () => new pg.Client(second.url));
      await Promise.all(clients.map((client) => client.connect()));
      await Promise.all(clients.map((client) => client.end()));
    } finally {
      await second.stop();
      await second.stop(); // idempotent
    }
  });
});
