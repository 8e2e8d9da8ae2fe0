#!/usr/bin/env node
// Start-up to ready and memory of each service, from its build (dist), on a real PostgreSQL 15:
//   - start-up: from spawn to the first 200 from /readyz (database pinged), first start (which
//     migrates an empty schema) and warm starts (schema already migrated; what a restart costs);
//   - RSS idle (2 s after ready) and peak under load (autocannon on a representative read);
//   - the same for a bare node:http process, the floor any Node server starts from.
// Goals from the project: ≤ 1 s to ready, ≤ 120 MB idle RSS. It never fails on a number.
//
// Usage: node bench/startup/startup-bench.js [--starts 3] [--load-seconds 5] [--json out.json]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { freePorts, startNode, startService, waitForOk, stop, rssMiB } = require('../support/processes');
const { saturate } = require('../support/load');
const { printTable } = require('../support/table');
const { startBenchPostgres } = require('../support/database');

const { values: args } = parseArgs({
  options: { starts: { type: 'string', default: '3' }, 'load-seconds': { type: 'string', default: '5' }, json: { type: 'string' } },
});
const IDLE_SETTLE_MS = 2000;

async function main() {
  const database = await startBenchPostgres();
  const background = [];
  try {
    // web reads users through its client; a users instance answers it during web's measurement.
    const [usersForWeb] = await freePorts(1);
    const usersUrl = `http://127.0.0.1:${usersForWeb}`;
    const env = { DATABASE_URL: database.url, USERS_URL: usersUrl, DELIVERY_URL: 'http://127.0.0.1:9', CONTROL_AUTH: 'off', SHUTDOWN_DELAY_MS: '0' };
    const rows = [];
    for (const service of ['users', 'delivery', 'web']) {
      rows.push(await measureService(service, env));
      if (service === 'users') {
        const users = startService('users', usersForWeb, env);
        background.push(users);
        await waitForOk(`${usersUrl}/readyz`, users);
      }
    }
    rows.push(await measureBareNode());
    printTable(
      `Start-up to ready and RSS — real PostgreSQL 15; warm start = median of ${Number(args.starts) - 1} restarts; load = ${args['load-seconds']} s saturating reads`,
      ['process', 'first start ms (migrates)', 'warm start ms', 'idle RSS MiB', 'peak RSS under load MiB', 'load req/s'],
      rows.map((r) => [r.name, r.firstStartMs, r.warmStartMs, r.idleRssMiB, r.loadedRssMiB, r.loadRps]),
    );
    if (args.json) fs.writeFileSync(args.json, JSON.stringify(rows, null, 2));
  } finally {
    for (const child of background) await stop(child);
    await database.stop();
  }
}

/** Starts the service `--starts` times; the last start stays up for the memory figures. */
async function measureService(name, env) {
  const startsMs = [];
  let child;
  let port;
  for (let i = 0; i < Number(args.starts); i++) {
    if (child) await stop(child);
    [port] = await freePorts(1);
    const spawnedAt = performance.now();
    child = startService(name, port, env);
    startsMs.push(await waitForOk(`http://127.0.0.1:${port}/readyz`, child, spawnedAt));
  }
  try {
    const memory = await memoryOf(child, `http://127.0.0.1:${port}${readPath(name)}`);
    return { name, firstStartMs: startsMs[0], warmStartMs: median(startsMs.slice(1)), ...memory };
  } finally {
    await stop(child);
  }
}

function readPath(name) {
  return { users: '/users?limit=20', delivery: '/deliveries?ownerId=00000000-0000-4000-8000-000000000000', web: '/api/users?limit=20' }[name];
}

async function measureBareNode() {
  const [port] = await freePorts(1);
  const script = path.join(__dirname, 'bare-http-server.js');
  const spawnedAt = performance.now();
  const child = startNode(script, { PORT: String(port) });
  const startMs = await waitForOk(`http://127.0.0.1:${port}/`, child, spawnedAt);
  try {
    return { name: 'bare node:http (floor)', firstStartMs: startMs, warmStartMs: startMs, ...(await memoryOf(child, `http://127.0.0.1:${port}/`)) };
  } finally {
    await stop(child);
  }
}

async function memoryOf(child, loadUrl) {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const idleRssMiB = rssMiB(child.pid);
  let peak = idleRssMiB;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid))), 100);
  try {
    const load = await saturate(loadUrl, { connections: 32, seconds: Number(args['load-seconds']) });
    return { idleRssMiB, loadedRssMiB: peak, loadRps: load.rps };
  } finally {
    clearInterval(sampler);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
