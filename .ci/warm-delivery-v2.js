// Runs inside delivery v2's container (`compose exec -T delivery-v2 node - OWNER_ID < this file`),
// which the gateway does not reach before the canary: 20 reads, then 5 deliveries sent as mirrored
// copies, which take the create path (users through the mesh, a transaction) and are rolled back.
// Only the image's node is there, no repository code. The writes go through node:http because
// fetch() replaces the Host header, and the `-shadow` Host is what marks a copy; the owner's
// deliveries are read back at the end, so a write that was not treated as a copy fails here.
'use strict';
const http = require('node:http');

const SERVICE = 'http://127.0.0.1:8080';
const ownerId = process.argv[2];

function postAsMirroredCopy(path, body) {
  return new Promise((resolve, reject) => {
    const headers = { host: 'delivery-shadow', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const sent = http.request(`${SERVICE}${path}`, { method: 'POST', timeout: 10_000, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    sent.on('timeout', () => sent.destroy(new Error('no answer within 10 s')));
    sent.on('error', reject);
    sent.end(body);
  });
}

async function readDeliveries(owner) {
  const response = await fetch(`${SERVICE}/deliveries?ownerId=${owner}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`a read answered ${response.status}`);
  return (await response.json()).items;
}

async function main() {
  if (!ownerId) throw new Error('usage: node - OWNER_ID (an existing user)');
  for (let i = 0; i < 20; i++) await readDeliveries(crypto.randomUUID());
  const body = JSON.stringify({ ownerId, pickupAddress: 'Warm-up', dropoffAddress: 'Warm-up', distanceKm: 1 });
  for (let i = 0; i < 5; i++) {
    const status = await postAsMirroredCopy('/deliveries', body);
    if (status !== 201) throw new Error(`a mirrored write answered ${status}`);
  }
  const written = (await readDeliveries(ownerId)).length;
  if (written !== 0) throw new Error(`the mirrored writes left ${written} deliveries in the database`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
