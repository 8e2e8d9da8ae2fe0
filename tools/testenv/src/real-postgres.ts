import { execFile } from 'node:child_process';
import { access, appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './free-port';

const run = promisify(execFile);

export const DEFAULT_POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';

export interface RealPostgresOptions {
  /** Where initdb and pg_ctl live. Default: Debian's PostgreSQL 15. */
  binDir?: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
}

export interface RealPostgres {
  url: string;
  port: number;
  /** The temp directory holding the cluster and its log (`postgres.log`); removed by stop(). */
  directory: string;
  /** Stops the server (fast shutdown) and deletes its directory. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data, as a database outage would: fast shutdown, so open
   * connections are cut and new ones are refused. For reliability tests.
   */
  halt(): Promise<void>;
  /** Starts a halted server again, on the same port with the same data. */
  resume(): Promise<void>;
}

/** A missing PostgreSQL installation, reported with the path checked and the fix. */
export class PostgresBinariesMissingError extends Error {
  override readonly name = 'PostgresBinariesMissingError';

  constructor(readonly checkedPath: string) {
    super(
      `PostgreSQL binaries not found: ${checkedPath} is missing or not executable. ` +
        'Install them with `apt-get install -y postgresql-15`, or pass binDir for another installation.',
    );
  }
}

const POSTGRES_USER = 'postgres';

/**
 * Starts a throw-away PostgreSQL in a fresh temp directory: initdb, then pg_ctl start,
 * listening on 127.0.0.1 only with trust authentication and durability switched off
 * (the data dies with the test run anyway).
 *
 * initdb and pg_ctl refuse to run as root, so as root the directory is handed to the
 * `postgres` system user and both run through `runuser`.
 */
export async function startRealPostgres(options: RealPostgresOptions = {}): Promise<RealPostgres> {
  const binDir = options.binDir ?? DEFAULT_POSTGRES_BIN_DIR;
  const initdb = path.join(binDir, 'initdb');
  const pgCtl = path.join(binDir, 'pg_ctl');
  await assertExecutable(initdb);
  await assertExecutable(pgCtl);

  const runAsRoot = process.getuid?.() === 0;
  const owner = runAsRoot ? await ensurePostgresUser() : undefined;
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'courier-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const logFile = path.join(baseDir, 'postgres.log');
  // Every command runs from the temp dir: the postgres user may not be allowed into our cwd.
  const postgresCommand = (command: string, args: string[]) =>
    runAsRoot
      ? run('runuser', ['-u', POSTGRES_USER, '--', command, ...args], { cwd: baseDir })
      : run(command, args, { cwd: baseDir });

  try {
    if (owner !== undefined) {
      await chown(baseDir, owner.uid, owner.gid);
    }
    await postgresCommand(initdb, [
      '--pgdata',
      dataDir,
      '--username',
      POSTGRES_USER,
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ]);

    const port = options.port ?? (await findFreePort());
    // Appending keeps the file's owner (postgres) even when we write it as root.
    await appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        '# courier test server',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${baseDir}'`,
        'max_connections = 200',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );

    const startServer = async () => {
      try {
        await postgresCommand(pgCtl, ['--pgdata', dataDir, '--log', logFile, '--wait', '--timeout', '60', 'start']);
      } catch (error) {
        const log = await readFile(logFile, 'utf8').catch(() => '(no server log)');
        throw new Error(`pg_ctl start failed on port ${port}. Server log:\n${log}`, { cause: error });
      }
    };
    const stopServer = () => postgresCommand(pgCtl, ['--pgdata', dataDir, '--mode', 'fast', '--wait', 'stop']).then(() => undefined);
    await startServer();

    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://${POSTGRES_USER}@127.0.0.1:${port}/postgres`,
      port,
      directory: baseDir,
      stop() {
        // A halted server has nothing left to stop; its directory still goes.
        stopping ??= stopServer()
          .catch(() => undefined)
          .finally(() => rm(baseDir, { recursive: true, force: true }));
        return stopping;
      },
      halt: stopServer,
      resume: startServer,
    };
  } catch (error) {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

async function assertExecutable(file: string): Promise<void> {
  try {
    await access(file, fsConstants.X_OK);
  } catch {
    throw new PostgresBinariesMissingError(file);
  }
}

/** The `postgres` user that Debian's package creates; created here when it is missing. */
async function ensurePostgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const uid = Number((await run('id', ['-u', POSTGRES_USER])).stdout.trim());
    const gid = Number((await run('id', ['-g', POSTGRES_USER])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_USER]);
    return lookup();
  }
}
