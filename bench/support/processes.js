'use strict';
// Child processes for the benchmarks: free ports, built services, readiness, CPU and memory.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

async function freePorts(count) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Starts a Node script with extra env; its output is kept (last 50 lines) for failure messages. */
function startNode(script, env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = (chunk) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 50));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => lines.join('\n');
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

/** A built service (`services/<name>/dist/main.js`) on a given port, as a container runs it. */
function startService(name, port, env = {}, nodeArgs = []) {
  return startNode(path.join(ROOT, 'services', name, 'dist', 'main.js'), { HOST: '127.0.0.1', PORT: String(port), ...env }, nodeArgs);
}

/** Polls url every 5 ms until it answers 2xx; resolves with the milliseconds since `since`. */
async function waitForOk(url, child, since = performance.now(), limitMs = 60_000) {
  while (performance.now() - since < limitMs) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}\n${child.output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} not ready within ${limitMs} ms\n${child ? child.output() : ''}`);
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/**
 * Runs a command to its end; resolves with its wall time in seconds, exit code and combined
 * output (never rejects: each benchmark decides what a failed run means for its figures).
 */
function runTimed(command, commandArgs, { cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ seconds: (performance.now() - started) / 1000, code, output }));
  });
}

/** Resident set size of a process, in MiB, from /proc (Linux). */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** User + system CPU time a process has used so far, in microseconds (Linux). */
function cpuMicros(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

module.exports = { ROOT, freePorts, startNode, startService, waitForOk, stop, runTimed, rssMiB, cpuMicros };
