import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPOSITORY } from './repository';

export interface SuiteResult {
  readonly status: number | null;
  readonly passed: string[];
  /** Tests that ran and failed; a skipped test (a missing tool, outside CI) is not a failure. */
  readonly failed: string[];
  /** Tests jest did not run: skipped because a tool is missing (requireTool says so loudly, and in CI fails instead). */
  readonly skipped: string[];
  /** jest's console output, to show when the suite failed. */
  readonly output: string;
}

interface JestJson {
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

/**
 * Runs one of this repository's jest suites (its code, its config) against another workspace
 * through COURIER_WORKSPACE_ROOT, and returns every test's full name by outcome.
 */
export function runSuiteOn(workspaceRoot: string, jestConfig: string): SuiteResult {
  return runJest(REPOSITORY, ['--config', path.join(REPOSITORY, jestConfig)], { COURIER_WORKSPACE_ROOT: workspaceRoot }, jestConfig);
}

/** Runs the jest of `root` there with `args`, two workers and a JSON report; every test's full name by outcome. */
export function runJest(root: string, args: readonly string[], env: NodeJS.ProcessEnv, label: string): SuiteResult {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-suite-'));
  const report = path.join(reportDir, 'report.json');
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [root] }), ...args, '--json', `--outputFile=${report}`, '--maxWorkers=2'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`;
  if (!fs.existsSync(report)) throw new Error(`${label} produced no report (exit ${run.status}):\n${output}`);
  const results = (JSON.parse(fs.readFileSync(report, 'utf8')) as JestJson).testResults.flatMap((file) => file.assertionResults);
  fs.rmSync(reportDir, { recursive: true, force: true });
  return {
    status: run.status,
    passed: results.filter((test) => test.status === 'passed').map((test) => test.fullName),
    failed: results.filter((test) => test.status === 'failed').map((test) => test.fullName),
    skipped: results.filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => test.fullName),
    output,
  };
}
