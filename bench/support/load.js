'use strict';
// Saturating HTTP load with autocannon, plus the CPU the server spent per request meanwhile.
const autocannon = require('autocannon');
const { cpuMicros } = require('./processes');

/** Runs `seconds` of closed-loop load; returns req/s, latency percentiles and server CPU µs per request. */
async function saturate(url, { connections = 32, seconds = 8, serverPid } = {}) {
  const cpuBefore = serverPid ? cpuMicros(serverPid) : 0;
  const result = await new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds }, (error, res) => (error ? reject(error) : resolve(res)));
  });
  const cpu = serverPid ? cpuMicros(serverPid) - cpuBefore : Number.NaN;
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return { rps: ok / seconds, p50: result.latency.p50, p99: result.latency.p99, cpuPerRequestUs: cpu / ok };
}

/** Median of each numeric field over several measurements (alternated rounds on a noisy machine). */
function medianOf(samples) {
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  return Object.fromEntries(Object.keys(samples[0]).map((key) => [key, median(samples.map((s) => s[key]))]));
}

module.exports = { saturate, medianOf };
