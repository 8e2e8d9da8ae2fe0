#!/usr/bin/env node
// The baseline for the delivery service: GET /deliveries/:id with node:http and pg and nothing else.
// Same work as the service's read: validate the id, the delivery row and its events in time order
// in one query (a LATERAL join with json_agg, as Prisma's relationJoins issues it), the same JSON
// shape with a flat-speed ETA.
// No framework, validation library, ORM, logging, metrics, tracing or request ids.
//
// Env: PORT, DATABASE_URL, DATABASE_SCHEMA (default delivery), DATABASE_POOL_MAX (default 10, as the service).
'use strict';
const pg = require('pg');
const { serveDeliveryReads } = require('./delivery-read-server');

const schema = process.env.DATABASE_SCHEMA || 'delivery';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX || 10) });
const CITY_KMH = 25;

serveDeliveryReads(async (id) => {
  const { rows } = await pool.query(
    `SELECT d.id, d.owner_id, d.pickup_address, d.dropoff_address, d.distance_km, d.status, d.created_at, d.updated_at, e.events
       FROM "${schema}"."deliveries" d
       LEFT JOIN LATERAL (
         SELECT COALESCE(json_agg(json_build_object('type', type, 'status', status, 'at', at, 'courier_name', courier_name, 'note', note) ORDER BY at), '[]') AS events
           FROM "${schema}"."delivery_events" WHERE delivery_id = d.id
       ) e ON true
      WHERE d.id = $1 LIMIT 1`,
    [id],
  );
  if (rows.length === 0) return undefined;
  const row = rows[0];
  const minutes = Math.round((row.distance_km / CITY_KMH) * 60);
  return {
    id: row.id,
    ownerId: row.owner_id,
    pickupAddress: row.pickup_address,
    dropoffAddress: row.dropoff_address,
    distanceKm: row.distance_km,
    status: row.status,
    eta: { estimatedArrival: new Date(row.created_at.getTime() + minutes * 60_000).toISOString(), minutes, model: 'flat-speed' },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    // json_agg gives timestamps as text without the zone: the column is UTC (timestamp(3)).
    events: row.events.map((e) => ({ type: e.type, status: e.status, at: new Date(`${e.at}Z`).toISOString(), courierName: e.courier_name, note: e.note })),
    servedBy: { version: 'bare', track: 'bare' },
  };
}, () => pool.end());
