#!/usr/bin/env node
// A bounded CPU hog, for running the cross-service suites on a busy machine (.ci/under-load.sh).
//
//   node .ci/cpu-burner.js --max-seconds 900 [--report-file FILE]
//
// It spins one thread at 100% until SIGTERM/SIGINT or --max-seconds, whichever comes first, so a
// runner that dies without its trap still cannot leave it burning. On exit it prints (and writes to
// --report-file) the CPU it actually got, which is what says how contended the run was: 1.00 means
// it held a whole core the entire time.
'use strict';
const { parseArgs } = require('node:util');
const { writeFileSync } = require('node:fs');

const { values } = parseArgs({
  options: { 'max-seconds': { type: 'string', default: '900' }, 'report-file': { type: 'string' } },
});
const maxSeconds = Number(values['max-seconds']);
if (!(maxSeconds > 0 && maxSeconds <= 7200)) {
  process.stderr.write(`cpu-burner: --max-seconds must be in (0, 7200], got ${values['max-seconds']}\n`);
  process.exit(2);
}

const startedAt = process.hrtime.bigint();
const cpuAtStart = process.cpuUsage();
/** Busy slices short enough that a signal is handled within a few milliseconds. */
const SLICE_MS = 20;
let sink = 0;
let stopping = false;

function burnSlice() {
  if (stopping) return;
  const until = Date.now() + SLICE_MS;
  while (Date.now() < until) sink = (sink * 1103515245 + 12345) % 2147483648;
  setImmediate(burnSlice);
}

function finish(why) {
  if (stopping) return;
  stopping = true;
  const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const used = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const report = { why, wallSeconds: round(wallSeconds), cpuSeconds: round(cpuSeconds), share: round(cpuSeconds / wallSeconds) };
  process.stdout.write(`cpu-burner: stopped (${why}) after ${report.wallSeconds} s; used ${report.cpuSeconds} s of CPU, a share of ${report.share} of one core\n`);
  if (values['report-file']) writeFileSync(values['report-file'], `${JSON.stringify(report)}\n`);
  process.exit(0);
}

const round = (n) => Math.round(n * 100) / 100;

process.once('SIGTERM', () => finish('SIGTERM'));
process.once('SIGINT', () => finish('SIGINT'));
setTimeout(() => finish(`max ${maxSeconds} s reached`), maxSeconds * 1000);
process.stdout.write(`cpu-burner: pid ${process.pid}, burning one thread for at most ${maxSeconds} s\n`);
burnSlice();
