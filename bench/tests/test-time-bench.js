#!/usr/bin/env node
// How long the test suite takes, and how much Nx's affected graph saves: the full `npm test`
// (every project's `test` and `e2e` targets on one shared embedded PostgreSQL) against a change to
// one service, in the same run so the shared machine's load affects all alike:
//   - `nx affected -t test`: the inner loop, the changed projects' own suites;
//   - `nx affected -t test e2e`: what the PR pipeline runs, adding the cross-service suites that
//     every service change affects.
// Builds are Nx-cached in all three, tests never are (test and e2e targets are not cacheable).
//
// Usage: node bench/tests/test-time-bench.js [--changed services/users/src/users.service.ts] [--json out.json]
'use strict';
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { runTimed } = require('../support/processes');
const { printTable } = require('../support/table');

const { values: args } = parseArgs({
  options: { changed: { type: 'string', default: 'services/users/src/users.service.ts' }, json: { type: 'string' } },
});

/** Runs a command from the repository root; resolves with wall seconds, exit code and the projects Nx ran tests for. */
async function timed(command, commandArgs) {
  const { seconds, code, output } = await runTimed(command, commandArgs, { env: { ...process.env, NX_TUI: 'false', FORCE_COLOR: '0' } });
  const projects = [...new Set([...output.matchAll(/nx run ([\w-]+):(?:test|e2e)/g)].map((m) => m[1]))];
  const failedTasks = [...(output.split('Failed tasks:')[1] ?? '').matchAll(/^- ([\w-]+:[\w-]+)/gm)].map((m) => m[1]);
  return { seconds, code, projects, failedTasks, tail: output.split('\n').slice(-15).join('\n') };
}

async function main() {
  const withDb = ['tools/testenv/bin/with-db.js', '--'];
  const affectedRun = (targets) => timed(process.execPath, [...withDb, 'npx', 'nx', 'affected', '-t', ...targets, `--files=${args.changed}`, '--output-style=static']);
  const inner = await affectedRun(['test']);
  const pr = await affectedRun(['test', 'e2e']);
  const full = await timed(process.execPath, [...withDb, 'npx', 'nx', 'run-many', '-t', 'test', 'e2e', '--output-style=static']);
  for (const [name, run] of [['affected -t test', inner], ['affected -t test e2e', pr], ['full', full]]) {
    if (run.code !== 0) process.stderr.write(`\n[test-time bench] the ${name} run exited ${run.code}; its figures are still shown. Last lines:\n${run.tail}\n`);
  }
  const failed = (run) => (run.failedTasks.length > 0 ? run.failedTasks.join(' ') : run.code === 0 ? 'none' : `exit ${run.code}`);
  printTable(`Test wall time — one change: ${args.changed}`, ['run', 'wall s', 'projects tested', 'failed tasks', 'ratio to full'], [
    ['npm test (nx run-many -t test e2e)', full.seconds, String(full.projects.length), failed(full), 1],
    ['nx affected -t test e2e (what a PR runs)', pr.seconds, String(pr.projects.length), failed(pr), pr.seconds / full.seconds],
    ['nx affected -t test (the inner loop)', inner.seconds, String(inner.projects.length), failed(inner), inner.seconds / full.seconds],
  ]);
  process.stdout.write(`affected, test: ${inner.projects.join(', ')}\naffected, test e2e: ${pr.projects.join(', ')}\n`);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ changed: args.changed, full, affectedPr: pr, affectedInner: inner }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
