#!/usr/bin/env node
// The floor for start-up and memory: a Node process with one node:http server and nothing else.
'use strict';
const http = require('node:http');

http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
