#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package (or workspace library) and
// the hottest functions, so a benchmark's gap can be traced to its cause.
// Usage: node bench/support/profile-summary.js FILE.cpuprofile [--top 25]
'use strict';
const fs = require('node:fs');
const { parseArgs } = require('node:util');

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const owner = (url) => {
  if (!url) return '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const workspace = /\/(libs|services|tools)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url.startsWith('node:') ? 'node core' : url;
};

const sampled = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idleUs = [...selfUs].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((sum, [, us]) => sum + us, 0);
// Shares are of busy time: a server under a benchmark also sits idle between runs.
const total = sampled - idleUs;
const idle = [...selfUs].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id).callFrame.functionName)).reduce((sum, [id, us]) => ({ ...sum, [byId.get(id).callFrame.functionName]: us }), {});
const packages = new Map();
const functions = new Map();
for (const [id, us] of selfUs) {
  if (byId.get(id).callFrame.functionName === '(idle)') continue;
  const frame = byId.get(id).callFrame;
  packages.set(owner(frame.url), (packages.get(owner(frame.url)) ?? 0) + us);
  const key = `${frame.functionName || '(anonymous)'}  ${owner(frame.url)}:${frame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
process.stdout.write(`${(sampled / 1e6).toFixed(2)} s sampled, ${(total / 1e6).toFixed(2)} s busy; of busy time: ${Object.entries(idle).filter(([k]) => k !== '(idle)').map(([k, v]) => `${k} ${pct(v)}`).join(', ')}\n\nself time by package (share of busy time):\n`);
for (const [name, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`  ${pct(us)}  ${name}\n`);
process.stdout.write('\nhottest functions (self time):\n');
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) process.stdout.write(`  ${pct(us)}  ${name}\n`);
