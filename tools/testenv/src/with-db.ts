/**
 * `node tools/testenv/bin/with-db.js [--real-postgres] -- <command …>`
 *
 * Runs a command (usually `nx run-many -t test`) with DATABASE_URL pointing at one shared test
 * database, then stops that database. See start-test-database.ts for how it is chosen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SKIP_REPORT_ENV } from './required-tools';
import { runCommand } from './run-command';
import { SignalRelay } from './signal-relay';
import { skipSummary } from './skip-summary';
import { startTestDatabase, type TestDatabase } from './start-test-database';
import { parseWithDbArguments, type WithDbArguments } from './with-db-arguments';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  let args: WithDbArguments;
  try {
    args = parseWithDbArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`[with-db] ${(error as Error).message}`);
    return 2;
  }

  const signals = new SignalRelay();
  let database: TestDatabase;
  try {
    database = await startTestDatabase({ realPostgres: args.realPostgres, repoRoot: REPO_ROOT, env: process.env });
  } catch (error) {
    console.error(`[with-db] could not start the test database: ${(error as Error).message}`);
    if (args.realPostgres) {
      console.error(
        process.env['CI'] === 'true'
          ? '[with-db] CI runs the database tests against a real PostgreSQL 15; install postgresql-15 in the CI image.'
          : '[with-db] --real-postgres never falls back to the embedded database; drop the flag to use it.',
      );
    }
    signals.dispose();
    return 1;
  }

  const skipReportDir = mkdtempSync(path.join(os.tmpdir(), 'courier-skips-'));
  const skipReport = path.join(skipReportDir, 'skips.jsonl');
  try {
    console.log(`[with-db] ${database.description}`);
    if (signals.receivedSignal !== undefined) {
      return 130;
    }
    return await runCommand(
      args.command,
      args.commandArgs,
      {
        ...process.env,
        DATABASE_URL: database.url,
        [SKIP_REPORT_ENV]: skipReport,
        // Lets `-- nx …` work outside npm scripts, which are what normally put .bin on PATH.
        PATH: [path.join(REPO_ROOT, 'node_modules', '.bin'), process.env['PATH']].filter(Boolean).join(path.delimiter),
      },
      signals,
    );
  } finally {
    const summary = skipSummary(skipReport);
    if (summary) console.log(`\n${summary}`);
    rmSync(skipReportDir, { recursive: true, force: true });
    await database.stop().catch((error: unknown) => console.error('[with-db] stopping the test database failed:', error));
    signals.dispose();
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    console.error('[with-db] unexpected failure:', error);
    process.exit(1);
  },
);
