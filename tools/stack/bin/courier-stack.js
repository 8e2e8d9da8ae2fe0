#!/usr/bin/env node
// `npm start`: runs the local stack launcher from its TypeScript source (tsx), resolving workspace
// libraries to their sources through the `@courier/source` export condition. The services it
// starts are NestJS apps and run from their tsc builds, which keep decorator metadata.
'use strict';
const { spawn } = require('node:child_process');

const child = spawn(
  process.execPath,
  ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), require.resolve('../src/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
// Ctrl-C reaches the launcher directly (same process group); this shim only waits for it to finish cleaning up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
