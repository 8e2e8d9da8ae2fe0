import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface SpawnedEmbeddedPostgres {
  url: string;
  port: number;
  /** Stops the server (letting PGlite flush a persistent data dir) and waits for the child. */
  stop(): Promise<void>;
}

export interface SpawnEmbeddedPostgresOptions {
  /** Persistent data directory; in-memory when omitted. */
  dataDir?: string;
  /** TCP port; a free ephemeral port when omitted. */
  port?: number;
  /** How long a cold start may take. Default 120 s: a loaded CI machine can be slow. */
  startTimeoutMs?: number;
}

// Same extension as this file: .ts when run from source, .js when run from dist.
const FROM_SOURCE = path.extname(__filename) === '.ts';
const SERVER_ENTRY = path.join(__dirname, `embedded-postgres-server${path.extname(__filename)}`);
// tsx would otherwise look for a tsconfig.json in the cwd; the workspace's compiler options
// (decorators, target) live in tsconfig.base.json.
const WORKSPACE_TSCONFIG = path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
/**
 * From source, the child runs TypeScript with tsx and resolves workspace libraries to their
 * src/index.ts through this export condition. (bin/with-db.js needs only tsx: it imports no
 * workspace library, which is why the database lives in this child.) From dist (the local stack),
 * it runs the build and needs neither.
 */
const SOURCE_RUNNER = FROM_SOURCE ? ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs')] : [];
const STOP_TIMEOUT_MS = 15_000;
/**
 * V8 compiles PGlite's Postgres (a large WebAssembly module) with its baseline compiler, Liftoff,
 * and then again with TurboFan for hot functions. The optimised copies cost about 115 MiB of
 * resident memory and, for the small queries of the stack and the tests, gave no speed that we
 * could measure (bench/README.md, "Memory"), so the child keeps the baseline code only.
 */
const V8_FLAGS = ['--liftoff-only'];

/**
 * Runs the embedded PGlite server in a child process (see embedded-postgres-server.ts) and
 * resolves once it accepts connections.
 */
export async function spawnEmbeddedPostgres(options: SpawnEmbeddedPostgresOptions = {}): Promise<SpawnedEmbeddedPostgres> {
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  if (options.dataDir !== undefined && !existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await initialiseInOwnProcess(options.dataDir, startTimeoutMs);
  }
  const child = spawn(
    process.execPath,
    [
      ...V8_FLAGS,
      ...SOURCE_RUNNER,
      SERVER_ENTRY,
      ...(options.dataDir === undefined ? [] : ['--data-dir', options.dataDir]),
      ...(options.port === undefined ? [] : ['--port', String(options.port)]),
    ],
    {
      // Its own process group: a Ctrl-C in the terminal must not stop the database under the
      // tests that are still cleaning up; the parent decides when it stops.
      detached: true,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: FROM_SOURCE ? { ...process.env, TSX_TSCONFIG_PATH: WORKSPACE_TSCONFIG } : process.env,
    },
  );

  const address = await readReadyLine(child, startTimeoutMs);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    ...address,
    stop() {
      stopping ??= stopChild(child, exited);
      return stopping;
    },
  };
}

/**
 * Creates the database of a new data dir in a short-lived child (embedded-postgres-server.ts
 * --init-only): PGlite's initdb keeps its memory for the life of the process, and the server that
 * then opens the dir idles about 370 MiB smaller for it (bench/README.md, "Memory").
 */
async function initialiseInOwnProcess(dataDir: string, timeoutMs: number): Promise<void> {
  const child = spawn(process.execPath, [...V8_FLAGS, ...SOURCE_RUNNER, SERVER_ENTRY, '--data-dir', dataDir, '--init-only'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: FROM_SOURCE ? { ...process.env, TSX_TSCONFIG_PATH: WORKSPACE_TSCONFIG } : process.env,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    if (code !== 0) throw new Error(`Embedded PostgreSQL could not create a database in ${dataDir} (${signal ?? `exit ${code}`}):\n${stderr}`);
  } finally {
    clearTimeout(timer);
  }
}

async function readReadyLine(child: ChildProcess, timeoutMs: number): Promise<{ url: string; port: number }> {
  const stdout = child.stdout;
  if (stdout === null) {
    throw new Error('Embedded PostgreSQL child has no stdout');
  }
  const lines = createInterface({ input: stdout });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise((resolve, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Embedded PostgreSQL did not start within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`Embedded PostgreSQL exited before it was ready (code ${code}, signal ${signal})`)),
      );
      lines.once('line', (line) => {
        try {
          resolve(JSON.parse(line) as { url: string; port: number });
        } catch (error) {
          reject(new Error(`Unexpected output from the embedded PostgreSQL child: ${line}`, { cause: error }));
        }
      });
    });
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(killTimer);
  }
}
