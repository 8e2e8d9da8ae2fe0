'use strict';
// Every workspace command (npm start, npm test, courier, courier-loadgen, …) starts here first:
// on an older Node.js they would fail later with an obscure syntax or API error, so say what is
// wrong and how to fix it instead. The wanted major is .nvmrc's, the one source CI installs from.
const fs = require('node:fs');
const path = require('node:path');

const NVMRC = path.join(__dirname, '..', '.nvmrc');

/**
 * @param {string} running the running Node.js version (process.version)
 * @param {string} nvmrc the contents of .nvmrc
 * @returns {string | undefined} why this Node.js cannot run the workspace, with the fix
 */
function nodeVersionProblem(running, nvmrc) {
  const wanted = Number(nvmrc.trim().replace(/^v/, '').split('.')[0]);
  const major = Number(running.replace(/^v/, '').split('.')[0]);
  if (major >= wanted) return undefined;
  return `Courier needs Node.js ${wanted} or later (.nvmrc), and this is Node.js ${running}. ` +
    `Install Node.js ${wanted} (\`nvm install\` in this folder reads .nvmrc) and run the command again.`;
}

function exitUnlessSupportedNode() {
  const problem = nodeVersionProblem(process.version, fs.readFileSync(NVMRC, 'utf8'));
  if (!problem) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

module.exports = { nodeVersionProblem, exitUnlessSupportedNode };
