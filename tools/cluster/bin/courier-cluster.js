#!/usr/bin/env node
// `npx courier-cluster up|down|status [--dry-run]`: runs the cluster script from its TypeScript
// source (tsx), like the other workspace tools, so it needs no build step.
'use strict';
const { spawn } = require('node:child_process');

const child = spawn(
  process.execPath,
  ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), require.resolve('../src/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
