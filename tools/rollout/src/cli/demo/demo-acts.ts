import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { differencesFromStart, resetToStart } from '../start-state';
import type { StackClient } from '../stack-client';

/** What an act needs: the stack, and somewhere to say what happened. */
export interface ActContext {
  stack: StackClient;
  /** The gateway's URL (the customer page, the API, the control room). */
  gateway: string;
  /** delivery's mesh listener: where a caller inside the mesh reaches it. */
  deliveryListener: string;
}

/** One act of the demo: what it shows, and the line a speaker reads out once it has run. */
export interface Act {
  title: string;
  run(context: ActContext): Promise<string>;
}

const SERVICE = 'delivery';
const LOAD_RPS = 30;
/**
 * Short steps, so the whole demo runs in under three minutes, yet long enough that v2's first 25%
 * step sees well over the 20 requests rollout.config.json asks for before it judges (about 37).
 */
const STEP_SECONDS = 5;
const MIRRORED_WRITES = 10;
/**
 * A 100% mirror doubles delivery's database work, and the embedded PostgreSQL serves one query at a
 * time: at the full load, v2's p99 under the mirror crossed rollout.config.json's 600 ms about every
 * other run. A third of the load keeps it well inside.
 */
const MIRROR_LOAD_RPS = 10;
/**
 * At that load v2 receives about 100 mirrored copies in 10 s, so a 10-s window's p99 was its single
 * slowest request, and one stalled query failed a healthy mirror (CI, twice: p99 744 ms and 624 ms
 * > 600 ms). A 20-s window judges the same 600 ms on twice the requests.
 */
const MIRROR_WINDOW_SECONDS = STEP_SECONDS * 4;

async function expectOutcome(stack: StackClient, expected: string): Promise<string> {
  const { status, reason } = await stack.finished(SERVICE);
  if (status !== expected) throw new Error(`expected the rollout to end ${expected}, it ended ${status}: ${reason}`);
  return reason;
}

/** Between acts: delivery back on v1, so every act starts from the same routing. */
async function backToV1(stack: StackClient): Promise<void> {
  await stack.setLoad(0);
  await resetToStart(stack);
  await stack.setLoad(LOAD_RPS);
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** How many mirrored copies delivery v2 has answered, as the mesh counts them. */
async function mirroredCopies(stack: StackClient): Promise<number> {
  const stats = await stack.meshStats((await stack.describe()).meshAdmin);
  return stats.destinations.filter((d) => d.service === SERVICE && d.version === 'v2' && d.traffic === 'mirror').reduce((sum, d) => sum + d.total.requests, 0);
}

/**
 * A version that has served nothing yet answers its first requests slowly (code still to compile,
 * database connections still to open), and a canary's first 25% would be judged on that. So every
 * version of delivery answers a few database reads first, as a readiness warm-up would.
 */
async function warmUp(stack: StackClient): Promise<void> {
  const { services } = await stack.describe();
  const reads = services[SERVICE].versions.flatMap(({ url }) => Array.from({ length: 20 }, () => `${url}/deliveries?ownerId=${randomUUID()}`));
  for (const url of reads) await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).arrayBuffer();
}

/**
 * A mirrored write takes a path nothing else warms: a transaction that is rolled back. Its first
 * runs on v2 are slow, and the mirror's window is judged on a p99 of about 200 copies (CI: 788 ms >
 * 600 ms, with v2's live requests well under). So v2 first answers a few writes marked as mirrored
 * copies (the `-shadow` Host the mesh sets), straight to its port: rolled back, nothing is written.
 */
async function warmShadowWrites(stack: StackClient, ownerId: unknown): Promise<void> {
  const { services } = await stack.describe();
  const v2 = services[SERVICE].versions.find((version) => version.version === 'v2');
  if (!v2) throw new Error(`${SERVICE} has no v2 to mirror to`);
  const target = new URL(`${v2.url}/deliveries`);
  const body = JSON.stringify({ ownerId, pickupAddress: 'Warm-up', dropoffAddress: 'Warm-up', distanceKm: 1 });
  for (let i = 0; i < 5; i++) {
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request(target, { method: 'POST', timeout: 10_000, headers: { host: `${SERVICE}-shadow`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      sent.on('timeout', () => sent.destroy(new Error('no answer within 10 s')));
      sent.on('error', reject);
      sent.end(body);
    });
    if (status !== 201) throw new Error(`warming ${SERVICE} v2's mirrored writes answered ${status}`);
  }
}

export const ACTS: Act[] = [
  {
    title: 'Load on',
    async run({ stack }) {
      await warmUp(stack);
      await stack.setLoad(LOAD_RPS);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return `${LOAD_RPS} customer journeys a second now flow through the mesh: watch the charts move.`;
    },
  },
  {
    title: 'A healthy canary, promoted',
    async run({ stack }) {
      await stack.startRollout(SERVICE, { strategy: 'canary', steps: [25, 50, 100], intervalSeconds: STEP_SECONDS });
      await expectOutcome(stack, 'promoted');
      await backToV1(stack);
      return 'delivery v2 took 25, then 50, then 100% of the traffic, passed its analysis at every step, and was promoted, with no one clicking anything.';
    },
  },
  {
    title: 'A bad canary, rolled back by analysis',
    async run({ stack }) {
      await stack.setFaults(SERVICE, 'v2', { errorRate: 0.5, delayMs: 0 });
      await stack.startRollout(SERVICE, { strategy: 'canary', steps: [25, 50, 100], intervalSeconds: STEP_SECONDS });
      const reason = await expectOutcome(stack, 'rolled-back');
      // Rolled back for its errors, as the line below says, not for too little traffic to judge.
      if (!/success rate/.test(reason)) throw new Error(`the bad canary was rolled back, but not for its errors: ${reason}`);
      await stack.setFaults(SERVICE, 'v2', { errorRate: 0, delayMs: 0 });
      await backToV1(stack);
      return `delivery v2 failed half its requests; the analysis caught it at 25% and rolled it back (${reason}).`;
    },
  },
  {
    title: 'Mirroring: v2 sees real traffic and writes nothing',
    async run({ stack, gateway }) {
      const owner = await postJson(`${gateway}/api/users`, { email: `demo-${Date.now()}@example.com`, name: 'Demo customer' });
      if (owner.status !== 201) throw new Error(`creating the demo's customer answered ${owner.status}`);
      await warmShadowWrites(stack, owner.json.id);
      const before = await mirroredCopies(stack);
      await stack.setLoad(MIRROR_LOAD_RPS);
      await stack.startRollout(SERVICE, { strategy: 'mirror', percent: 100, intervalSeconds: MIRROR_WINDOW_SECONDS });
      await stack.routedBy(SERVICE, 'mirror');
      for (let i = 0; i < MIRRORED_WRITES; i++) {
        const created = await postJson(`${gateway}/api/deliveries`, { ownerId: owner.json.id, pickupAddress: 'Dock 1', dropoffAddress: `Street ${i}`, distanceKm: 2 + i });
        if (created.status !== 201) throw new Error(`creating a delivery during the mirror answered ${created.status}`);
      }
      await expectOutcome(stack, 'promoted');
      const rows = (await (await fetch(`${gateway}/api/deliveries?ownerId=${owner.json.id}&limit=100`)).json()) as { items: unknown[] };
      const copies = (await mirroredCopies(stack)) - before;
      if (rows.items.length !== MIRRORED_WRITES) throw new Error(`the customer has ${rows.items.length} deliveries, not ${MIRRORED_WRITES}: shadow writes reached the database`);
      await backToV1(stack);
      return `v2 answered ${copies} mirrored copies of live requests, ${MIRRORED_WRITES} of them deliveries we created; the database holds exactly those ${MIRRORED_WRITES}: 0 rows written by the shadow.`;
    },
  },
  {
    title: 'Blue/green, previewed before the switch',
    async run({ stack, deliveryListener }) {
      await stack.startRollout(SERVICE, { strategy: 'bluegreen', intervalSeconds: STEP_SECONDS });
      const { bluegreen } = await stack.routedBy(SERVICE, 'bluegreen');
      const preview = await fetch(`${deliveryListener}/healthz`, { headers: { [bluegreen.previewHeader]: 'true' } });
      const live = await fetch(`${deliveryListener}/healthz`);
      const previewedBy = preview.headers.get('x-served-by') ?? '';
      const liveBy = live.headers.get('x-served-by') ?? '';
      if (!previewedBy.startsWith(`${SERVICE}/v2`) || !liveBy.startsWith(`${SERVICE}/v1`)) throw new Error(`the preview reached ${previewedBy} and everyone else ${liveBy}`);
      await expectOutcome(stack, 'promoted');
      return `With ${bluegreen.previewHeader}: true we reached ${previewedBy} while customers stayed on ${liveBy}; then the switch moved everyone to v2 at once.`;
    },
  },
  {
    title: 'Reset',
    async run({ stack }) {
      await resetToStart(stack);
      const left = await differencesFromStart(stack);
      if (left.length > 0) throw new Error(`the stack is not in its start state: ${left.join('; ')}`);
      return 'Back to the start: every service on v1, no faults, load off. The demo can run again at once.';
    },
  },
];
