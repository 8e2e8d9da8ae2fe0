'use strict';
// Runs a long-lived workspace tool (the local stack) from its swc build, in this process. tsx
// (run-from-source.js) would cost the stack a launcher process, esbuild helpers and tsx's own
// transform caches: about 200 MiB of the stack's idle memory (bench/README.md, "Memory"). The
// tool and the workspace libraries it imports are compiled first, every time, by the same
// tools/swc-build.js that Nx's build target runs: a quarter of a second, and an edited source is
// never run stale.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { exitUnlessSupportedNode } = require('./node-version-guard.js');

const WORKSPACE_ROOT = path.resolve(__dirname, '..');
const WORKSPACE_SCOPE = '@courier/';

/** The project and every workspace package it depends on, directly or not: what it runs. */
function workspaceClosure(projectRoot) {
  const roots = new Set([projectRoot]);
  for (const root of roots) {
    const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const name of Object.keys(dependencies).filter((dependency) => dependency.startsWith(WORKSPACE_SCOPE))) {
      // npm links each workspace package into node_modules; the link leads to its folder.
      roots.add(fs.realpathSync(path.join(WORKSPACE_ROOT, 'node_modules', name)));
    }
  }
  return [...roots];
}

/**
 * Compiles the project and its workspace dependencies, then runs `dist/<entry>` in this process.
 * @param {string} projectRoot absolute path of the tool's project folder
 * @param {string} entry the entry module's path inside dist/, e.g. `cli.js`
 */
function runFromBuild(projectRoot, entry) {
  exitUnlessSupportedNode();
  // A child process: swc's native module would otherwise stay mapped in the long-lived tool.
  const build = spawnSync(process.execPath, [path.join(__dirname, 'swc-build.js'), '--quiet', ...workspaceClosure(projectRoot)], { encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`Could not compile ${path.relative(WORKSPACE_ROOT, projectRoot)} and its workspace libraries (above).\n`);
    process.exit(build.status ?? 1);
  }
  require(path.join(projectRoot, 'dist', entry));
}

module.exports = { runFromBuild, workspaceClosure };
