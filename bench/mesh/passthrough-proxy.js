// The floor for any Node HTTP proxy on this machine: node:http in, undici out, no routing, no
// metrics, no trace headers. The bench measures it beside the mesh so the report separates
// what proxying itself costs from what the mesh's Istio features add.
// Usage: node passthrough-proxy.js PORT UPSTREAM_URL
'use strict';
const http = require('node:http');
const { Pool } = require('undici');

const pool = new Pool(process.argv[3], { headersTimeout: 0, bodyTimeout: 0 });
http
  .createServer({ noDelay: true }, (request, response) => {
    pool.dispatch(
      { method: request.method, path: request.url, headers: request.headers, body: null },
      {
        onRequestStart() {},
        onResponseStart(_controller, status, headers) {
          delete headers.connection;
          delete headers['keep-alive'];
          response.writeHead(status, headers);
        },
        onResponseData(_controller, chunk) {
          response.write(chunk);
        },
        onResponseEnd() {
          response.end();
        },
        onResponseError() {
          if (!response.headersSent) response.writeHead(503);
          response.end();
        },
      },
    );
  })
  .listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));

// The bench asks for CPU time used, to compare CPU per request with the mesh's.
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});
