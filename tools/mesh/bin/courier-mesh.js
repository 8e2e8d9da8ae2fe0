#!/usr/bin/env node
// `courier-mesh`: runs the local mesh from its TypeScript source through tsx, resolving workspace
// packages to their sources via the `@courier/source` export condition, so no build is needed.
'use strict';
const { spawn } = require('node:child_process');

const child = spawn(
  process.execPath,
  ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), require.resolve('../src/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
// Ctrl-C reaches the mesh directly (same process group) and it drains in-flight requests; the
// shim forwards signals sent only to itself (by a supervisor, say) and waits for the mesh to exit.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
