import { STABLE_ONLY } from '@courier/rollout';
import pg from 'pg';
import type { LocalStack } from '../../../tools/stack/src/local-stack';
import { startTestStack, type TestStack } from './support/start-test-stack';

/**
 * `npm start`'s stack for real: built services behind the local mesh, routed by the Helm charts'
 * rendered VirtualServices. Changing the rollout values must change what users get.
 */
describe('local stack behind the mesh', () => {
  let running: TestStack;
  let stack: LocalStack;
  let gateway: string;

  beforeAll(async () => {
    running = await startTestStack();
    stack = running.stack;
    gateway = stack.gatewayUrl;
  }, 120_000);
  afterAll(() => running?.close());

  const post = async (url: string, body: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBeLessThan(300);
    return res.json();
  };
  /** The version that served a read; a failed read fails with its status and body, not with a TypeError. */
  const servedVersion = async (url: string): Promise<string> => {
    const res = await fetch(url);
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    return (JSON.parse(text) as { servedBy: { version: string } }).servedBy.version;
  };
  const newOwner = async () => (await post(`${gateway}/api/users`, { email: `stack-${Date.now()}-${Math.random()}@example.com`, name: 'Stack' })).id as string;

  it('publishes the database on its admin API without the password', () => {
    const published = stack.describe().database;
    expect(published).toBe(stack.databaseUrl.replace(/:[^:@/]+@/, '@'));
    expect(new URL(published).password).toBe('');
  });

  it('serves only v1 under stable routing', async () => {
    const ownerId = await newOwner();
    const { id } = await post(`${gateway}/api/deliveries`, { ownerId, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 3 });
    for (let i = 0; i < 20; i++) expect(await servedVersion(`${gateway}/api/deliveries/${id}`)).toBe('v1');
  });

  it('splits about 30% to v2 at canary weight 30 (1000 requests, binomial bound)', async () => {
    const ownerId = await newOwner();
    const { id } = await post(`${gateway}/api/deliveries`, { ownerId, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 3 });
    await stack.setRollout('delivery', { ...STABLE_ONLY, strategy: 'canary', canary: { weight: 30 } });
    let v2 = 0;
    for (let batch = 0; batch < 50; batch++) {
      const versions = await Promise.all(Array.from({ length: 20 }, () => servedVersion(`${gateway}/api/deliveries/${id}`)));
      v2 += versions.filter((v) => v === 'v2').length;
    }
    // 4.5 standard deviations of Binomial(1000, 0.3): a false failure about once in 150 000 runs.
    const sigma = Math.sqrt(1000 * 0.3 * 0.7);
    expect(Math.abs(v2 - 300)).toBeLessThan(4.5 * sigma);
  }, 60_000);

  it('mirrors to v2 without v2 answering anyone or persisting its shadow writes', async () => {
    await stack.setRollout('delivery', { ...STABLE_ONLY, strategy: 'mirror', mirror: { percent: 100 } });
    const ownerId = await newOwner();
    for (let i = 0; i < 10; i++) {
      const created = await post(`${gateway}/api/deliveries`, { ownerId, pickupAddress: 'A', dropoffAddress: 'B', distanceKm: 3 });
      expect(created.servedBy.version).toBe('v1');
    }
    // A copy is counted when v2's answer to it arrives, and nobody waits for that: on a busy
    // machine it can take seconds, so poll instead of sleeping a fixed time.
    const mirroredCopies = async () => {
      const stats = (await (await fetch(`${stack.meshAdminUrl}/stats?window=60`)).json()) as { destinations: { version: string; traffic: string; window: { requests: number } }[] };
      return stats.destinations.filter((d) => d.version === 'v2' && d.traffic === 'mirror').reduce((n, d) => n + d.window.requests, 0);
    };
    let mirrored = await mirroredCopies();
    for (const deadline = Date.now() + 20_000; mirrored < 10 && Date.now() < deadline; mirrored = await mirroredCopies()) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(mirrored).toBeGreaterThanOrEqual(10);

    const client = new pg.Client(stack.databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM "delivery"."deliveries" WHERE owner_id = $1', [ownerId]);
      expect(rows[0].n).toBe(10);
    } finally {
      await client.end();
    }
  }, 60_000);
});
