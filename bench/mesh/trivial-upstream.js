// The bench's upstream: the cheapest possible HTTP/1.1 keep-alive server, so that what the
// benchmark sees is the mesh's own cost. An optional CPU cost per request (busy-waiting, in µs)
// stands in for a service that does real work. Usage: node trivial-upstream.js PORT [CPU_US]
'use strict';
const http = require('node:http');

const body = Buffer.from('{"ok":true}');
const cpuMicros = Number(process.argv[3] ?? 0);
http
  .createServer((request, response) => {
    if (cpuMicros > 0) {
      const until = process.hrtime.bigint() + BigInt(cpuMicros) * 1000n;
      while (process.hrtime.bigint() < until);
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  })
  .listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));
