#!/usr/bin/env node
// A newcomer's first minute, measured as they live it, in a fresh clone of the committed HEAD:
//   - `npm ci` (from npm's cache when it has the packages, as a second clone would);
//   - the first `npm start` to "Courier is ready": Prisma clients generated, every project built,
//     the database initialised, the charts rendered, every service started;
//   - a warm `npm start` (everything built and cached);
//   - the whole stack's memory at idle, per process, against a bare `node` process started the
//     same way: the floor every process here starts from.
// It needs every port of the stack's default plan free (as `npm start -- --dry-run` lists them): a running
// `npm start` makes it stop with a message. It never fails on a number.
//
// Usage: node bench/startup/first-start-bench.js [--reuse-node-modules] [--idle-seconds 10] [--json out.json]
//   --reuse-node-modules  hard-links this checkout's node_modules instead of `npm ci` (no install row)
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ROOT, rssMiB, runTimed } = require('../support/processes');
const { printTable } = require('../support/table');

const { values: args } = parseArgs({
  options: { 'reuse-node-modules': { type: 'boolean', default: false }, 'idle-seconds': { type: 'string', default: '10' }, json: { type: 'string' } },
});
const READY = /Courier is ready in/;

async function main() {
  for (const port of stackPorts()) {
    if (await listening(port)) throw new Error(`port ${port} is in use: stop the running stack (or whatever holds it) first`);
  }
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-first-start-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--local', ROOT, clone]);
    let installSeconds;
    if (args['reuse-node-modules']) {
      execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
    } else {
      installSeconds = await timed('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], clone);
    }
    const first = await startStack(clone);
    const idle = await idleMemory(first.child, clone);
    await stopStack(first.child);
    const warm = await startStack(clone);
    await stopStack(warm.child);
    const bareMiB = await bareNodeRss();

    const rows = [];
    if (installSeconds !== undefined) rows.push(['npm ci', installSeconds.toFixed(1), '']);
    rows.push(['first npm start to ready', first.seconds.toFixed(1), '']);
    if (installSeconds !== undefined) rows.push(['npm ci + first npm start', (installSeconds + first.seconds).toFixed(1), '']);
    rows.push(['warm npm start to ready', warm.seconds.toFixed(1), `${(warm.seconds / first.seconds).toFixed(2)} of the first`]);
    printTable(`A fresh clone of HEAD (${gitHead()}), seconds`, ['step', 's', 'ratio'], rows);
    const total = idle.reduce((sum, p) => sum + p.rssMiB, 0);
    printTable(
      `The whole stack at idle (${args['idle-seconds']} s after ready), RSS per process; a bare \`node\` is ${bareMiB.toFixed(0)} MiB`,
      ['process', 'RSS MiB', '÷ bare node'],
      [...idle.map((p) => [p.name, p.rssMiB.toFixed(0), (p.rssMiB / bareMiB).toFixed(1)]), ['total', total.toFixed(0), (total / bareMiB).toFixed(1)]],
    );
    if (args.json) fs.writeFileSync(args.json, JSON.stringify({ installSeconds, firstSeconds: first.seconds, warmSeconds: warm.seconds, idle, bareMiB }, null, 2));
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
  }
}

async function timed(command, commandArgs, cwd) {
  const run = await runTimed(command, commandArgs, { cwd });
  if (run.code !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited ${run.code}\n${run.output}`);
  return run.seconds;
}

/** Every port the stack listens on by default, as its own dry run lists them (services' included). */
function stackPorts() {
  const plan = execFileSync(process.execPath, ['tools/stack/bin/courier-stack.js', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
  return [...new Set([...plan.matchAll(/:(\d{2,5})\b/g)].map((match) => Number(match[1])))];
}

/** `npm start`'s own entry point (what the npm script runs), timed from spawn to its ready line. */
function startStack(cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['tools/stack/bin/courier-stack.js'], { cwd, env: { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false', NX_TUI: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      if (READY.test(output)) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, seconds: (performance.now() - started) / 1000 });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`npm start exited ${code} before it was ready:\n${output.slice(-3000)}`)));
  });
}

async function stopStack(child) {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

/** RSS of the stack's process and every descendant, after idling, named by their command line. */
async function idleMemory(child, clone) {
  await new Promise((resolve) => setTimeout(resolve, Number(args['idle-seconds']) * 1000));
  return descendants(child.pid).map((pid) => ({ name: describe(pid, clone), rssMiB: rssMiB(pid) })).filter((p) => p.rssMiB > 0);
}

function descendants(root) {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone since the listing
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, parent] of parents) if (parent === found[i]) found.push(pid);
  return found;
}

function describe(pid, clone) {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const script = argv.find((arg) => /\.(js|ts)$/.test(arg)) ?? argv[0];
  const version = (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((kv) => kv.startsWith('APP_VERSION=')) ?? '').slice('APP_VERSION='.length);
  return `${script.startsWith(clone) ? path.relative(clone, script) : path.basename(script)}${version ? ` (${version})` : ''}`;
}

async function bareNodeRss() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const mib = rssMiB(child.pid);
  child.kill();
  return mib;
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function gitHead() {
  return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
