import { rm } from 'node:fs/promises';
import path from 'node:path';
import { acquireDataDirLock } from './data-dir-lock';
import { dropLeftoverTestSchemas } from './drop-leftover-test-schemas';
import { startRealPostgres } from './real-postgres';
import { spawnEmbeddedPostgres } from './spawn-embedded-postgres';

export interface TestDatabase {
  url: string;
  /** One line for the log: which database, and why. */
  description: string;
  stop(): Promise<void>;
}

export interface StartTestDatabaseOptions {
  realPostgres: boolean;
  /** The workspace root; the persistent embedded data lives in `<repoRoot>/.data/test-pglite`. */
  repoRoot: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Picks the database for a test run: DATABASE_URL when given, a real PostgreSQL when asked
 * for (failing loudly if it cannot start, never falling back), else the embedded PGlite.
 * POSTGRES_BIN_DIR points --real-postgres at another installation than Debian's 15.
 */
export async function startTestDatabase(options: StartTestDatabaseOptions): Promise<TestDatabase> {
  const givenUrl = options.env['DATABASE_URL'];
  if (givenUrl) {
    return {
      url: givenUrl,
      description: `using DATABASE_URL from the environment (${redactPassword(givenUrl)})`,
      stop: async () => undefined,
    };
  }
  if (options.realPostgres) {
    const startedAt = Date.now();
    const binDir = options.env['POSTGRES_BIN_DIR'];
    const server = await startRealPostgres(binDir ? { binDir } : {});
    return {
      url: server.url,
      description: `using a real PostgreSQL 15 at ${server.url} (started in ${Date.now() - startedAt} ms)`,
      stop: () => server.stop(),
    };
  }
  return startPersistentEmbedded(path.join(options.repoRoot, '.data', 'test-pglite'));
}

async function startPersistentEmbedded(dataDir: string): Promise<TestDatabase> {
  const startedAt = Date.now();
  const lock = await acquireDataDirLock(dataDir);
  if (!lock.acquired) {
    const server = await spawnEmbeddedPostgres();
    return {
      url: server.url,
      description:
        `using an embedded PGlite, in-memory because ${dataDir} is in use by process ${lock.holderPid} ` +
        `(${server.url}, started in ${Date.now() - startedAt} ms)`,
      stop: () => server.stop(),
    };
  }

  try {
    let server;
    let recreated = '';
    try {
      server = await spawnEmbeddedPostgres({ dataDir });
    } catch (error) {
      // A run killed mid-write can leave a directory PGlite cannot open. It only ever holds
      // disposable test schemas, so starting over is the right repair.
      console.error(`[with-db] ${dataDir} could not be opened (${String(error)}); recreating it`);
      await rm(dataDir, { recursive: true, force: true });
      server = await spawnEmbeddedPostgres({ dataDir });
      recreated = ', recreated';
    }
    const started = server;
    const dropped = await dropLeftoverTestSchemas(started.url);
    const cleanup = dropped.length > 0 ? `, dropped ${dropped.length} leftover test schemas` : '';
    return {
      url: started.url,
      description:
        `using an embedded PGlite persisted in ${dataDir} ` +
        `(${started.url}, started in ${Date.now() - startedAt} ms${recreated}${cleanup})`,
      stop: async () => {
        try {
          await started.stop();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
