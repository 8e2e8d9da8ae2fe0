#!/usr/bin/env node
// The middle layer between the bare baseline and the service: GET /deliveries/:id with node:http
// and delivery's own Prisma client (the same @courier/db factory, pool and query, the same DTO
// mapping and ETA model), without NestJS, Fastify or service-kit. Separates the ORM's cost from
// the framework's. Needs the delivery build (services/delivery/dist).
//
// Env: PORT, DATABASE_URL, DATABASE_SCHEMA (default delivery), DATABASE_POOL_MAX (default 10, as the service).
'use strict';
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../services/delivery/dist');
const { createPrismaClient } = require('@courier/db');
const { PrismaClient } = require(path.join(DIST, 'generated/prisma/client.js'));
const { toDeliveryDto } = require(path.join(DIST, 'delivery.dto.js'));
const { etaModelForVersion } = require(path.join(DIST, 'eta/eta-model-for-version.js'));
const { serveDeliveryReads } = require('./delivery-read-server');

const { client: prisma } = createPrismaClient(PrismaClient, {
  databaseUrl: process.env.DATABASE_URL,
  schema: process.env.DATABASE_SCHEMA || 'delivery',
  poolMax: Number(process.env.DATABASE_POOL_MAX || 10),
});
const etaModel = etaModelForVersion('v1');
const servedBy = { service: 'delivery', version: 'prisma-only', track: 'bench', commit: 'bench' };

serveDeliveryReads(async (id) => {
  const row = await prisma.delivery.findUnique({ where: { id }, include: { events: { orderBy: { at: 'asc' } } } });
  return row ? toDeliveryDto(row, etaModel, servedBy) : undefined;
}, () => prisma.$disconnect());
