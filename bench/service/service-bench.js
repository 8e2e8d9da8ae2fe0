#!/usr/bin/env node
// delivery's GET /deliveries/:id (NestJS + Fastify + Prisma on a real PostgreSQL 15) against a bare
// node:http + pg server doing the same read, and the service with OpenTelemetry on vs off. A
// node:http + Prisma server (delivery's own client and DTO mapping, no framework) sits between
// them, so the gap splits into the ORM's share and the framework's. The peer (bench/service/peer:
// NestJS on Express + Prisma + OpenTelemetry's auto-instrumentations, as the docs show them) is
// what a user would write without Courier's kit.
// The three run alternately, round after round, so that a busy shared machine affects all alike;
// medians over rounds are reported as ratios. It never fails on a number.
//
// Usage: node bench/service/service-bench.js [--duration 8] [--rounds 3] [--connections 32] [--json out.json]
//        [--cpu-prof DIR]   also writes V8 CPU profiles of both delivery processes to DIR (file names carry the pid)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const pg = require('pg');
const { ROOT, freePorts, startNode, startService, waitForOk, stop } = require('../support/processes');
const { build: swcBuild } = require('../../tools/swc-build');
const { saturate, medianOf } = require('../support/load');
const { printTable } = require('../support/table');
const { startBenchPostgres } = require('../support/database');

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});

async function main() {
  const database = await startBenchPostgres();
  const children = [];
  try {
    const [bare, prismaOnly, otelOn, otelOff, peer] = await freePorts(5);
    const serviceEnv = { DATABASE_URL: database.url, SHUTDOWN_DELAY_MS: '0' };
    const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args['cpu-prof'])] : [];
    // One at a time: both delivery processes migrate the same schema at start-up.
    const withOtel = startService('delivery', otelOn, serviceEnv, profile);
    children.push(withOtel);
    await waitForOk(`http://127.0.0.1:${otelOn}/readyz`, withOtel);
    const withoutOtel = startService('delivery', otelOff, { ...serviceEnv, OTEL_SDK_DISABLED: 'true' }, profile);
    children.push(withoutOtel);
    await waitForOk(`http://127.0.0.1:${otelOff}/readyz`, withoutOtel);
    const bareServer = startNode(path.join(__dirname, 'bare-delivery-server.js'), { PORT: String(bare), DATABASE_URL: database.url });
    children.push(bareServer);
    const prismaServer = startNode(path.join(__dirname, 'prisma-delivery-server.js'), { PORT: String(prismaOnly), DATABASE_URL: database.url });
    children.push(prismaServer);
    await swcBuild(path.join(__dirname, 'peer'));
    // No exporter, as delivery without OTEL_EXPORTER_OTLP_ENDPOINT: spans are made, then dropped.
    const peerServer = startNode(path.join(__dirname, 'peer', 'dist', 'main.js'), { PORT: String(peer), DATABASE_URL: database.url, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }, profile);
    children.push(peerServer);

    const id = await seedDelivery(database.url);
    await waitForOk(`http://127.0.0.1:${bare}/deliveries/${id}`, bareServer);
    await waitForOk(`http://127.0.0.1:${prismaOnly}/deliveries/${id}`, prismaServer);
    await waitForOk(`http://127.0.0.1:${peer}/deliveries/${id}`, peerServer);
    const targets = [
      { name: 'bare node:http + pg', port: bare, child: bareServer },
      { name: 'node:http + Prisma (no framework)', port: prismaOnly, child: prismaServer },
      { name: 'delivery, OpenTelemetry on', port: otelOn, child: withOtel },
      { name: 'delivery, OpenTelemetry off', port: otelOff, child: withoutOtel },
      { name: PEER, port: peer, child: peerServer },
    ];
    if (profile.length > 0) process.stdout.write(`CPU profiles: OpenTelemetry on = pid ${withOtel.pid}, off = pid ${withoutOtel.pid}, peer = pid ${peerServer.pid}\n`);
    const seconds = Number(args.duration);
    const connections = Number(args.connections);
    // Warm-up: JIT, pools and caches on every target before anything counts.
    for (const target of targets) await saturate(`http://127.0.0.1:${target.port}/deliveries/${id}`, { connections, seconds: 2 });
    const samples = new Map(targets.map((t) => [t.name, []]));
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const target of targets) {
        samples.get(target.name).push(await saturate(`http://127.0.0.1:${target.port}/deliveries/${id}`, { connections, seconds, serverPid: target.child.pid }));
      }
    }
    const results = Object.fromEntries(targets.map((t) => [t.name, medianOf(samples.get(t.name))]));
    report(results, { seconds, connections, rounds: Number(args.rounds) });
  } finally {
    for (const child of children.reverse()) await stop(child);
    await database.stop();
  }
}

/** One delivery with three events, written as the service would have (the service migrated the schema). */
async function seedDelivery(url) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query(
      `INSERT INTO delivery.deliveries (id, owner_id, pickup_address, dropoff_address, distance_km, status, updated_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), '1 Market St', '500 Harbour Rd', 7.5, 'PICKED_UP', now()) RETURNING id`,
    );
    for (const [type, status] of [['CREATE', 'CREATED'], ['ASSIGN', 'ASSIGNED'], ['PICK_UP', 'PICKED_UP']]) {
      await client.query(`INSERT INTO delivery.delivery_events (id, delivery_id, type, status, courier_name) VALUES (gen_random_uuid(), $1, $2, $3, 'Ada')`, [rows[0].id, type, status]);
    }
    return rows[0].id;
  } finally {
    await client.end();
  }
}

const PEER = 'peer: NestJS (Express) + Prisma + OTel auto-instrumentation';

function report(results, setup) {
  const bare = results['bare node:http + pg'];
  const on = results['delivery, OpenTelemetry on'];
  const off = results['delivery, OpenTelemetry off'];
  const peer = results[PEER];
  const row = (name, r) => [name, r.rps, r.rps / bare.rps, r.p50, r.p99, r.p99 / bare.p99, r.cpuPerRequestUs];
  printTable(
    `GET /deliveries/:id on a real PostgreSQL 15 — ${setup.connections} connections, ${setup.seconds} s × ${setup.rounds} rounds, medians`,
    ['server', 'req/s', 'throughput ÷ bare', 'p50 ms', 'p99 ms', 'p99 ÷ bare', 'server CPU µs/req'],
    [row('bare node:http + pg', bare), row('node:http + Prisma (no framework)', results['node:http + Prisma (no framework)']), row('delivery, OpenTelemetry on', on), row('delivery, OpenTelemetry off', off), row(PEER, peer)],
  );
  printTable('delivery (OpenTelemetry on) ÷ the peer (OpenTelemetry on)', ['measure', 'ratio'], [
    ['throughput', on.rps / peer.rps],
    ['p99', on.p99 / peer.p99],
    ['CPU per request', on.cpuPerRequestUs / peer.cpuPerRequestUs],
  ]);
  printTable('OpenTelemetry cost (on ÷ off)', ['measure', 'ratio'], [
    ['throughput', on.rps / off.rps],
    ['p99', on.p99 / off.p99],
    ['CPU per request', on.cpuPerRequestUs / off.cpuPerRequestUs],
  ]);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ setup, results }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
