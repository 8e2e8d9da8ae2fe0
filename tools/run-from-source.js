'use strict';
// The one launcher behind the workspace tools' bin shims: runs a tool's TypeScript entry with tsx,
// resolving workspace packages to their sources through the `@courier/source` export condition,
// so no build step is needed. (NestJS services are not run this way: they need the decorator
// metadata swc emits and tsx does not.) Ctrl-C reaches the child directly (same process group) and
// lets it drain; signals sent only to the shim (by a supervisor, say) are forwarded, and the shim
// exits with the child.
const { spawn } = require('node:child_process');
const { exitUnlessSupportedNode } = require('./node-version-guard.js');

/** @param {string} entry absolute path of the TypeScript entry point */
function runFromSource(entry) {
  exitUnlessSupportedNode();
  const child = spawn(process.execPath, ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

module.exports = { runFromSource };
