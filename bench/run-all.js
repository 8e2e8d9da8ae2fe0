#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, each printing its own table of ratios measured in that
// one run. Not a test: nothing here fails on a number. A benchmark that crashes is reported and
// the others still run; the exit code is then 1.
//
// Usage: npm run bench [-- --only service,startup,first-start,mesh,tests] [-- --quick]
//   --quick  shorter runs (a smoke check that everything still works, not figures to quote)
'use strict';
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { values: args } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const quick = args.quick;
const BENCHMARKS = [
  { name: 'service', script: 'service/service-bench.js', args: quick ? ['--duration', '3', '--rounds', '1'] : [] },
  { name: 'startup', script: 'startup/startup-bench.js', args: quick ? ['--starts', '2', '--load-seconds', '2'] : [] },
  { name: 'first-start', script: 'startup/first-start-bench.js', args: [] },
  { name: 'mesh', script: 'mesh/mesh-bench.js', args: quick ? ['--duration', '3', '--rounds', '1'] : ['--duration', '8', '--rounds', '1'] },
  // Last, as it runs the whole test suite: the slowest, and the one most disturbed by the others.
  { name: 'tests', script: 'tests/test-time-bench.js', args: [] },
];

function run(benchmark) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, benchmark.script), ...benchmark.args], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const selected = args.only ? BENCHMARKS.filter((b) => args.only.split(',').includes(b.name)) : BENCHMARKS;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`Machine: ${os.cpus()[0].model}, ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load}\n`);
  let failed = 0;
  for (const benchmark of selected) {
    process.stdout.write(`\n=== ${benchmark.name} (${benchmark.script}) ===\n`);
    const code = await run(benchmark);
    if (code !== 0) {
      failed++;
      process.stderr.write(`[bench] ${benchmark.name} exited ${code}\n`);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}

void main();
