#!/usr/bin/env node
// Benchmark of the local mesh (tools/mesh) against a trivial upstream, in one run:
//   1. throughput (autocannon, saturating) straight to the upstream vs through the mesh → ratio,
//      with a bare pass-through proxy (node:http + undici, nothing else) as a second baseline;
//   2. latency without queueing (one connection, sequential) → added p50/p90/p99;
//   3. latency at a fixed 1000 req/s over 16 connections (Istio's own benchmark load) → added p50/p90/p99;
//   4. CPU time per request of the mesh and of the pass-through proxy during the throughput runs;
//   5. the mesh's resident memory, idle and under load.
// Direct and mesh runs alternate so that drift in the machine affects both alike. It prints
// ratios and differences; it never fails on a number.
//
// Usage: node bench/mesh/mesh-bench.js [--duration 10] [--connections 64] [--rounds 2]
//                                      [--upstream-cpu-us 0] [--json out.json]
// --upstream-cpu-us makes the upstream burn that much CPU per request, like a service doing work.
'use strict';
const { spawn, fork } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const autocannon = require('autocannon');
const { Client, Pool, request } = require('undici');

const ROOT = path.resolve(__dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '2' },
    'upstream-cpu-us': { type: 'string', default: '0' },
    json: { type: 'string' },
  },
});
const UPSTREAM_CPU_US = Number(args['upstream-cpu-us']);
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const SEQUENTIAL_REQUESTS = 5000;
const PACED_RATE = 1000;
const PACED_CONNECTIONS = 16;
const PACED_SECONDS = 5;

const ROUTING_OBJECTS = `
# A realistic rule list: a preview header rule first (not matched), then the weighted default.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: bench }
spec:
  host: bench
  subsets:
    - { name: stable, labels: { track: stable } }
    - { name: canary, labels: { track: canary } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: bench }
spec:
  hosts: [bench]
  http:
    - name: preview
      match: [{ headers: { x-canary: { exact: "true" } } }]
      route: [{ destination: { host: bench, subset: canary } }]
    - name: default
      route:
        - { destination: { host: bench, subset: stable }, weight: 100 }
        - { destination: { host: bench, subset: canary }, weight: 0 }
`;

async function main() {
  const [upstreamPort, meshPort, adminPort, passthroughPort] = await freePorts(4);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));
  const configFile = path.join(workDir, 'mesh.json');
  const objectsFile = path.join(workDir, 'objects.yaml');
  fs.writeFileSync(objectsFile, ROUTING_OBJECTS);
  fs.writeFileSync(configFile, JSON.stringify({
    namespace: 'bench',
    adminPort,
    listeners: [{ port: meshPort, host: 'bench' }],
    workloads: [{ service: 'bench', labels: { app: 'bench', version: 'v1', track: 'stable' }, url: `http://127.0.0.1:${upstreamPort}` }],
  }));

  const upstream = fork(path.join(__dirname, 'trivial-upstream.js'), [String(upstreamPort), String(UPSTREAM_CPU_US)], { stdio: 'ignore' });
  await new Promise((resolve) => upstream.once('message', resolve));
  const passthrough = fork(path.join(__dirname, 'passthrough-proxy.js'), [String(passthroughPort), `http://127.0.0.1:${upstreamPort}`], { stdio: 'ignore' });
  await new Promise((resolve) => passthrough.once('message', resolve));
  const mesh = spawn(process.execPath, [path.join(ROOT, 'tools/mesh/bin/courier-mesh.js'), '--config', configFile, '--objects', objectsFile], { stdio: 'ignore' });
  const stopAll = () => { mesh.kill('SIGTERM'); passthrough.kill('SIGTERM'); upstream.kill('SIGTERM'); };
  process.on('exit', stopAll);
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  await waitFor(`${adminUrl}/readyz`);

  const direct = `http://127.0.0.1:${upstreamPort}/deliveries/42`;
  const viaMesh = `http://127.0.0.1:${meshPort}/deliveries/42`;
  const viaPassthrough = `http://127.0.0.1:${passthroughPort}/deliveries/42`;
  log(`upstream     ${direct}\nmesh         ${viaMesh} (admin ${adminUrl})\npass-through ${viaPassthrough}\n`);

  const idleRss = await meshRss(adminUrl);
  log('warming up …');
  await loadTest(direct, 2);
  await loadTest(viaMesh, 2);
  await loadTest(viaPassthrough, 2);

  const throughput = { direct: [], mesh: [], passthrough: [] };
  const cpu = { mesh: { micros: 0, requests: 0 }, passthrough: { micros: 0, requests: 0 } };
  let peakRss = idleRss;
  for (let round = 1; round <= ROUNDS; round++) {
    log(`throughput round ${round}/${ROUNDS}: ${CONNECTIONS} connections × ${DURATION_S} s each …`);
    throughput.direct.push((await loadTest(direct, DURATION_S)).rps);

    const sampler = sampleRss(adminUrl);
    let cpuBefore = await meshCpu(adminUrl);
    const meshRun = await loadTest(viaMesh, DURATION_S);
    cpu.mesh.micros += (await meshCpu(adminUrl)) - cpuBefore;
    cpu.mesh.requests += meshRun.requests;
    throughput.mesh.push(meshRun.rps);
    peakRss = Math.max(peakRss, await sampler.stop());

    cpuBefore = await childCpu(passthrough);
    const passthroughRun = await loadTest(viaPassthrough, DURATION_S);
    cpu.passthrough.micros += (await childCpu(passthrough)) - cpuBefore;
    cpu.passthrough.requests += passthroughRun.requests;
    throughput.passthrough.push(passthroughRun.rps);
  }

  log(`latency, one connection, ${SEQUENTIAL_REQUESTS} sequential requests each (interleaved) …`);
  const sequential = await interleaved(() => sequentialLatencies(direct, 500), () => sequentialLatencies(viaMesh, 500), SEQUENTIAL_REQUESTS / 500);
  log(`latency at ${PACED_RATE} req/s over ${PACED_CONNECTIONS} connections, ${PACED_SECONDS} s each (twice) …`);
  const paced = await interleaved(() => pacedLatencies(direct, PACED_SECONDS / 2), () => pacedLatencies(viaMesh, PACED_SECONDS / 2), 2);

  const report = {
    machine: machine(),
    settings: { durationSeconds: DURATION_S, connections: CONNECTIONS, rounds: ROUNDS, upstreamCpuMicros: UPSTREAM_CPU_US, sequentialRequests: SEQUENTIAL_REQUESTS, pacedRate: PACED_RATE, pacedConnections: PACED_CONNECTIONS },
    throughput: {
      directRps: Math.round(mean(throughput.direct)),
      meshRps: Math.round(mean(throughput.mesh)),
      passthroughRps: Math.round(mean(throughput.passthrough)),
      ratio: round(mean(throughput.mesh) / mean(throughput.direct), 3),
      passthroughRatio: round(mean(throughput.passthrough) / mean(throughput.direct), 3),
      meshVsPassthrough: round(mean(throughput.mesh) / mean(throughput.passthrough), 3),
    },
    latencySequentialMs: latencyTable(sequential),
    latencyAt1000RpsMs: latencyTable(paced),
    cpuMicrosPerRequest: {
      mesh: round(cpu.mesh.micros / cpu.mesh.requests, 1),
      passthrough: round(cpu.passthrough.micros / cpu.passthrough.requests, 1),
    },
    meshRssMiB: { idle: round(idleRss / 2 ** 20, 1), underLoad: round(peakRss / 2 ** 20, 1) },
  };
  print(report);
  if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  stopAll();
  fs.rmSync(workDir, { recursive: true, force: true });
}

/** Saturating load with autocannon; returns requests per second (2xx only). */
function loadTest(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx > 0 || result.errors > 0) log(`  note: ${result.non2xx} non-2xx, ${result.errors} errors for ${url}`);
      resolve({ rps: result['2xx'] / seconds, requests: result.requests.total });
    });
  });
}

/** Round-trip times in ms of `count` sequential requests on one keep-alive connection. */
async function sequentialLatencies(url, count) {
  const { origin, pathname } = new URL(url);
  const client = new Client(origin);
  const samples = [];
  try {
    for (let index = 0; index < count; index++) {
      const started = process.hrtime.bigint();
      const { body } = await client.request({ method: 'GET', path: pathname });
      await body.dump();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await client.close();
  }
  return samples;
}

/** Round-trip times in ms at a fixed request rate (open loop), spread over a pool of connections. */
async function pacedLatencies(url, seconds) {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: PACED_CONNECTIONS });
  const samples = [];
  const total = Math.round(PACED_RATE * seconds);
  const startedAt = performance.now();
  const inFlight = [];
  for (let sent = 0; sent < total; sent++) {
    const due = startedAt + (sent * 1000) / PACED_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const started = process.hrtime.bigint();
    inFlight.push(
      pool.request({ method: 'GET', path: pathname }).then(async ({ body }) => {
        await body.dump();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }),
    );
  }
  await Promise.all(inFlight);
  await pool.close();
  return samples;
}

/** Runs two measurements alternately `rounds` times and pools their samples. */
async function interleaved(measureDirect, measureMesh, rounds) {
  const direct = [];
  const mesh = [];
  for (let round = 0; round < rounds; round++) {
    direct.push(...(await measureDirect()));
    mesh.push(...(await measureMesh()));
  }
  return { direct, mesh };
}

function latencyTable({ direct, mesh }) {
  const table = {};
  for (const [name, q] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]]) {
    const d = quantile(direct, q);
    const m = quantile(mesh, q);
    table[name] = { direct: round(d, 3), mesh: round(m, 3), added: round(m - d, 3) };
  }
  return table;
}

function sampleRss(adminUrl) {
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      peak = Math.max(peak, await meshRss(adminUrl).catch(() => 0));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return { stop: async () => { stopped = true; await loop; return peak; } };
}

async function meshProcess(adminUrl) {
  const { body } = await request(`${adminUrl}/stats?window=1`);
  return (await body.json()).process;
}

const meshRss = async (adminUrl) => (await meshProcess(adminUrl)).rssBytes;
const meshCpu = async (adminUrl) => (await meshProcess(adminUrl)).cpuMicros;

/** CPU time (µs) a forked helper has used, as it reports over IPC. */
function childCpu(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.cpuMicros));
    child.send('cpu');
  });
}

function print(report) {
  const { throughput: t, latencySequentialMs: s, latencyAt1000RpsMs: p, meshRssMiB: rss, machine: m, cpuMicrosPerRequest: c } = report;
  log(`\nMesh benchmark — ${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}`);
  if (UPSTREAM_CPU_US > 0) log(`upstream burns ${UPSTREAM_CPU_US} µs of CPU per request`);
  log(`\n| throughput, ${CONNECTIONS} connections, saturated | req/s | ratio to direct |`);
  log('|-----------------------------------------|------:|----------------:|');
  log(`| direct to the upstream                  | ${t.directRps} | 1.00 |`);
  log(`| bare pass-through proxy (the floor)     | ${t.passthroughRps} | ${t.passthroughRatio.toFixed(2)} |`);
  log(`| through the mesh                        | ${t.meshRps} | ${t.ratio.toFixed(2)} |`);
  log(`\nmesh / bare pass-through: ${t.meshVsPassthrough.toFixed(2)} (what routing, metrics and trace headers cost on top of proxying)`);
  log(`CPU per request: mesh ${c.mesh} µs, bare pass-through ${c.passthrough} µs (×${(c.mesh / c.passthrough).toFixed(2)})`);
  log('\n| latency (ms)                 | direct p50 | mesh p50 | added p50 | direct p90 | mesh p90 | added p90 | added p99 |');
  log('|------------------------------|-----------:|---------:|----------:|-----------:|---------:|----------:|----------:|');
  for (const [label, table] of [['1 connection, sequential', s], [`${PACED_RATE} req/s, ${PACED_CONNECTIONS} connections`, p]]) {
    log(`| ${label.padEnd(28)} | ${table.p50.direct.toFixed(3)} | ${table.p50.mesh.toFixed(3)} | ${table.p50.added.toFixed(3)} | ${table.p90.direct.toFixed(3)} | ${table.p90.mesh.toFixed(3)} | ${table.p90.added.toFixed(3)} | ${table.p99.added.toFixed(3)} |`);
  }
  log(`\nmesh RSS: ${rss.idle} MiB idle, ${rss.underLoad} MiB peak under load`);
  log(`goals (informational): throughput ratio ≥ 0.70 → ${t.ratio.toFixed(2)}; added p90 ≤ 1 ms → ${p.p90.added.toFixed(3)} ms at ${PACED_RATE} req/s (Envoy's documented +2.65 ms p90)`);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown').trim(),
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
  };
}

async function waitFor(url) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { statusCode, body } = await request(url);
      await body.dump();
      if (statusCode === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePorts(count) {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (line) => process.stdout.write(`${line}\n`);

main().catch((error) => {
  process.stderr.write(`mesh bench failed: ${error.stack}\n`);
  process.exit(1);
});
