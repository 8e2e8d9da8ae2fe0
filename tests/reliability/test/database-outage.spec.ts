import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRealPostgres, type RealPostgres } from '@courier/testenv';
import { startBuiltService, type BuiltService } from './support/built-service';
import { realPostgresAvailable } from './support/real-postgres-for-suite';
import { UserWriteLoad } from './support/write-load';

const READINESS_RED_WITHIN_MS = 5000;
const FAIL_FAST_MS = 1000;
const OUTAGE_MS = 3000;

/** Polls until the predicate holds; resolves with the time it took, or rejects after the limit. */
async function within(limitMs: number, what: string, predicate: () => Promise<boolean>): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < limitMs) {
    if (await predicate()) return Date.now() - startedAt;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${limitMs} ms`);
}

const status = (url: string) => fetch(url, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, () => 0);

/**
 * A real PostgreSQL 15 stopped under write load and started again: readiness goes red fast while
 * liveness stays green, requests fail fast with 503 instead of hanging, the service recovers by
 * itself, and no acknowledged write is lost.
 */
(realPostgresAvailable('database outage') ? describe : describe.skip)('database outage under load (real PostgreSQL 15)', () => {
  let database: RealPostgres;
  let users: BuiltService;
  let load: UserWriteLoad;

  beforeAll(async () => {
    database = await startRealPostgres();
    users = await startBuiltService('users', { DATABASE_URL: database.url });
    load = new UserWriteLoad(users.url);
  }, 60_000);
  afterAll(async () => {
    await load?.stop();
    users?.kill();
    await database?.stop();
  });

  it('goes unready, fails fast, recovers by itself and keeps every acknowledged write', async () => {
    load.start();
    await sleep(1500);

    const outageAt = Date.now();
    await database.halt();
    const redAfterMs = await within(READINESS_RED_WITHIN_MS, '/readyz 503 after PostgreSQL stopped', async () => (await status(`${users.url}/readyz`)) === 503);
    const liveness = await status(`${users.url}/healthz`);
    const redAt = Date.now();
    await sleep(OUTAGE_MS);
    const livenessLate = await status(`${users.url}/healthz`);
    const duringOutage = load.startedBetween(redAt, Date.now());

    await database.resume();
    const resumedAt = Date.now();
    const recoveredAfterMs = await within(20_000, '/readyz 200 after PostgreSQL came back', async () => (await status(`${users.url}/readyz`)) === 200);
    await sleep(1500);
    await load.stop();
    const afterRecovery = load.startedBetween(resumedAt + recoveredAfterMs);

    const slowest = Math.max(...duringOutage.map((o) => o.elapsedMs));
    process.stdout.write(
      `[database outage] readiness red after ${redAfterMs} ms; ${duringOutage.length} requests during the outage, slowest ${Math.round(slowest)} ms; ` +
        `ready again ${recoveredAfterMs} ms after restart; ${afterRecovery.filter((o) => o.status < 300).length}/${afterRecovery.length} ok after recovery; ` +
        `${load.acknowledged.length} acknowledged writes (outage began ${resumedAt - outageAt} ms before restart)\n`,
    );

    expect(liveness).toBe(200);
    expect(livenessLate).toBe(200);
    expect(duringOutage.length).toBeGreaterThan(10);
    expect(duringOutage.filter((o) => o.status !== 503 || !o.contentType.startsWith('application/problem+json'))).toEqual([]);
    expect(slowest).toBeLessThan(FAIL_FAST_MS);
    expect(afterRecovery.length).toBeGreaterThan(10);
    expect(afterRecovery.filter((o) => o.status >= 300)).toEqual([]);

    const client = new pg.Client(database.url);
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('SELECT id FROM users.users WHERE id = ANY($1::uuid[])', [load.acknowledged]);
      expect(rows.length).toBe(load.acknowledged.length);
    } finally {
      await client.end();
    }
  }, 90_000);
});
