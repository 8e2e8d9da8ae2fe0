import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from '../src/workspace-paths';

const dim = (text: string) => `\x1b[2m${text}\x1b[22m`;
const header = (task: string) => `${dim('> ')}${dim('nx run')} ${task}`;

/** An `nx run-many --output-style=static` log in which browser:e2e failed long before the summary. */
const NX_LOG = [
  header('browser:e2e'),
  '',
  '\x1b[0m\x1b[7m\x1b[1m\x1b[31m FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m tests/browser/test/web-canary.spec.ts (61.2 s)',
  '  ● a canary of web with the control room open › is promoted',
  '',
  '    expect(received).toMatchObject(expected)',
  '    - "outcome": "promoted",',
  '    + "outcome": "rolled-back",',
  '',
  '      at Object.<anonymous> (tests/browser/test/web-canary.spec.ts:60:84)',
  '      at processTicksAndRejections (node:internal/process/task_queues:105:5)',
  '      at run (node_modules/jest-circus/build/run.js:12:3)',
  '',
  'Test Suites: 1 failed, 3 passed, 4 total',
  'Tests:       1 failed, 12 passed, 13 total',
  '',
  header('e2e:e2e'),
  ...Array.from({ length: 500 }, (_, i) => `[rollout e2e] line ${i} of a passing suite`),
  'Test Suites: 5 passed, 5 total',
  '',
  ` ${'\x1b[7m\x1b[1m\x1b[31m NX \x1b[39m\x1b[22m\x1b[27m'}  Running targets test, e2e for 23 projects and 18 tasks they depend on failed`,
  '',
  dim('Failed tasks:'),
  '',
  `${dim('-')} browser:e2e`,
  '',
  '  Run duration:      20m 7s',
].join('\n');

function digest(log: string, ...tasks: string[]): { stdout: string; status: number | null } {
  const dir = mkdtempSync(path.join(tmpdir(), 'courier-ci-log-'));
  try {
    writeFileSync(path.join(dir, 'nx.log'), log);
    const result = spawnSync(process.execPath, [path.join(workspaceRoot, '.ci/failed-tests.js'), path.join(dir, 'nx.log'), ...tasks], { encoding: 'utf8' });
    return { stdout: result.stdout, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('.ci/failed-tests.js: the failed tasks\' messages repeated at the end of CI\'s log', () => {
  it('prints the failed task\'s jest failure, with its test-file frame and without library frames', () => {
    const { stdout, status } = digest(NX_LOG);
    expect(status).toBe(0);
    expect(stdout).toContain('── browser:e2e');
    expect(stdout).toContain('● a canary of web with the control room open › is promoted');
    expect(stdout).toContain('+ "outcome": "rolled-back",');
    expect(stdout).toContain('web-canary.spec.ts:60:84');
    expect(stdout).toContain('Tests:       1 failed');
    expect(stdout).not.toMatch(/node_modules|node:internal|\x1b\[/);
    expect(stdout).not.toContain('passing suite');
  });

  it('prints a task named on the command line, for a single `nx run` that prints no summary', () => {
    const single = NX_LOG.slice(0, NX_LOG.indexOf(header('e2e:e2e')));
    const { stdout } = digest(single, 'browser:e2e');
    expect(stdout).toContain('── browser:e2e');
    expect(stdout).toContain('+ "outcome": "rolled-back",');
  });

  it('says so when the log names no failed task', () => {
    const { stdout, status } = digest('npm ERR! something else\n');
    expect(status).toBe(0);
    expect(stdout).toMatch(/no failed Nx task named/);
  });
});
