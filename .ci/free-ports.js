#!/usr/bin/env node
// `node .ci/free-ports.js N`: N distinct free TCP ports on 127.0.0.1, space-separated. All N
// are held open at once before any is released, so they differ from each other.
'use strict';
const net = require('node:net');

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: free-ports.js N\n');
  process.exit(1);
}
const take = () => new Promise((resolve) => { const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server)); });
Promise.all(Array.from({ length: count }, take)).then((servers) => {
  process.stdout.write(`${servers.map((server) => server.address().port).join(' ')}\n`);
  for (const server of servers) server.close();
});
