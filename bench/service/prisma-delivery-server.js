#!/usr/bin/env node
// The middle layer between the bare baseline and the service: GET /deliveries/:id with node:http
// and delivery's own Prisma client (the same @courier/db factory, pool and query, the same DTO
// mapping and ETA model), without NestJS, Fastify or service-kit. Separates the ORM's cost from
// the framework's. Needs the delivery build (services/delivery/dist).
//
// Env: PORT, DATABASE_URL, DATABASE_SCHEMA (default delivery), DATABASE_POOL_MAX (default 10, as the service).
'use strict';
const http = require('node:http');
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../services/delivery/dist');
const { createPrismaClient } = require('@courier/db');
const { PrismaClient } = require(path.join(DIST, 'generated/prisma/client.js'));
const { toDeliveryDto } = require(path.join(DIST, 'delivery.dto.js'));
const { etaModelForVersion } = require(path.join(DIST, 'eta/eta-model-for-version.js'));

const { client: prisma } = createPrismaClient(PrismaClient, {
  databaseUrl: process.env.DATABASE_URL,
  schema: process.env.DATABASE_SCHEMA || 'delivery',
  poolMax: Number(process.env.DATABASE_POOL_MAX || 10),
});
const etaModel = etaModelForVersion('v1');
const servedBy = { service: 'delivery', version: 'prisma-only', track: 'bench', commit: 'bench' };
const ROUTE = /^\/deliveries\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

const server = http.createServer(async (req, res) => {
  const match = req.method === 'GET' && ROUTE.exec(req.url);
  if (!match) return send(res, 404, { status: 404 });
  try {
    const row = await prisma.delivery.findUnique({ where: { id: match[1] }, include: { events: { orderBy: { at: 'asc' } } } });
    if (!row) return send(res, 404, { status: 404 });
    send(res, 200, toDeliveryDto(row, etaModel, servedBy));
  } catch (error) {
    send(res, 503, { status: 503, detail: error.message });
  }
});

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => prisma.$disconnect().then(() => process.exit(0))));
