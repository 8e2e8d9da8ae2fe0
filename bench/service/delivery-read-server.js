'use strict';
// The HTTP side both delivery baselines share, so they differ only in how they read a delivery:
// GET /deliveries/:id (a UUID) on node:http, 200 with the JSON body, 404 for anything else or a
// missing row, 503 when the read fails; PORT from the environment; SIGTERM closes, then `close()`.
const http = require('node:http');

const ROUTE = /^\/deliveries\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `read(id)` resolves to the response body, or undefined when there is no such delivery. */
function serveDeliveryReads(read, close) {
  const server = http.createServer(async (req, res) => {
    const match = req.method === 'GET' && ROUTE.exec(req.url);
    if (!match) return send(res, 404, { status: 404 });
    try {
      const body = await read(match[1]);
      if (!body) return send(res, 404, { status: 404 });
      send(res, 200, body);
    } catch (error) {
      send(res, 503, { status: 503, detail: error.message });
    }
  });
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => close().then(() => process.exit(0))));
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

module.exports = { serveDeliveryReads };
