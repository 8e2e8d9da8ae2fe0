import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const WITH_DB = path.join(__dirname, '..', 'bin', 'with-db.js');

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the with-db CLI as a user would; onStdout can act on the output as it arrives. */
function runWithDb(args: string[], env: NodeJS.ProcessEnv, onStdout?: (soFar: string, pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WITH_DB, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child.pid ?? 0);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** The environment without a database, so with-db has to provide one. */
function envWithoutDatabase(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  return env;
}

const PRINT_URL = ['--', 'node', '-e', 'console.log("child DATABASE_URL=" + process.env.DATABASE_URL); process.exit(7)'];

describe('with-db', () => {
  it('passes a given DATABASE_URL through and exits with the command exit code', async () => {
    const run = await runWithDb(PRINT_URL, { ...process.env, DATABASE_URL: 'postgres://user:secret@db.example:5432/app' });

    expect(run.exitCode).toBe(7);
    expect(run.stdout).toContain('[with-db] using DATABASE_URL from the environment (postgres://user:***@db.example:5432/app)');
    expect(run.stdout).toContain('child DATABASE_URL=postgres://user:secret@db.example:5432/app');
  });

  it('starts a real PostgreSQL for --real-postgres, exports its URL, and stops it afterwards', async () => {
    const run = await runWithDb(['--real-postgres', ...PRINT_URL], envWithoutDatabase());

    expect(run.exitCode).toBe(7);
    const url = /child DATABASE_URL=(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres)/.exec(run.stdout)?.[1];
    expect(url).toBeDefined();
    expect(run.stdout).toContain(`[with-db] using a real PostgreSQL 15 at ${url}`);
    await expectNothingListening(url ?? '');
  });

  it('forwards SIGTERM to the command, then stops the database and reports the command exit code', async () => {
    let signalled = false;
    const script = 'process.on("SIGTERM", () => process.exit(42)); console.log("ready"); setInterval(() => {}, 1000);';
    const run = await runWithDb(['--real-postgres', '--', 'node', '-e', script], envWithoutDatabase(), (soFar, pid) => {
      if (!signalled && soFar.includes('ready')) {
        signalled = true;
        process.kill(pid, 'SIGTERM');
      }
    });

    expect(signalled).toBe(true);
    expect(run.exitCode).toBe(42);
    await expectNothingListening(/real PostgreSQL 15 at (\S+)/.exec(run.stdout)?.[1] ?? '');
  });

  it.each([
    ['in CI', 'true', 'CI runs the database tests against a real PostgreSQL 15'],
    ['locally', 'false', 'never falls back to the embedded database'],
  ])('fails loudly %s, without falling back, when the real PostgreSQL is missing', async (_where, ci, hint) => {
    const env = { ...envWithoutDatabase(), CI: ci, POSTGRES_BIN_DIR: '/nonexistent/bin' };
    const run = await runWithDb(['--real-postgres', '--', 'node', '-e', 'console.log("ran anyway")'], env);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('ran anyway');
    expect(run.stderr).toContain('[with-db] could not start the test database');
    expect(run.stderr).toContain('/nonexistent/bin/initdb is missing or not executable');
    expect(run.stderr).toContain('apt-get install -y postgresql-15');
    expect(run.stderr).toContain(hint);
  });

  it('shows the usage for a missing command', async () => {
    const run = await runWithDb([], process.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/No command given\. Usage: node tools\/testenv\/bin\/with-db\.js/);
  });
});

async function expectNothingListening(url: string): Promise<void> {
  expect(url).toMatch(/^postgres:\/\//);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await expect(client.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}
