import { createPgPool, DatabasePingTimeoutError, pingDatabase } from '../src';
import { databaseUrlVia, testDatabaseUrl } from './support/test-database-url';
import { startSilentServer } from './support/unresponsive-servers';

describe('pingDatabase', () => {
  it('resolves when the database answers', async () => {
    const pool = createPgPool({ databaseUrl: testDatabaseUrl() });
    try {
      await expect(pingDatabase(pool, 1_000)).resolves.toBeUndefined();
    } finally {
      await pool.end();
    }
  });

  it('rejects within its own deadline, even when the pool would wait longer', async () => {
    const silent = await startSilentServer();
    const pool = createPgPool({ databaseUrl: databaseUrlVia(silent.port), connectTimeoutMs: 10_000 });
    try {
      const startedAt = Date.now();
      await expect(pingDatabase(pool, 200)).rejects.toBeInstanceOf(DatabasePingTimeoutError);
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    } finally {
      await silent.stop();
      await pool.end();
    }
  });
});
