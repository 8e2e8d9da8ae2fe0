import { LoadGenerator } from '@courier/loadgen';
import { setTimeout as sleep } from 'node:timers/promises';
import { MeshServer, silentLogger } from '../../../tools/mesh/src';
import { describeBaselines, findCleanRate, lossFromRoutingChange } from '../../e2e/test/support/load-baseline';
import { startBuiltService, type BuiltService } from './support/built-service';
import { startSuiteDatabase, type SuiteDatabase } from './support/real-postgres-for-suite';

const RPS = 100;
/** Readiness stays red this long before the listener closes (Kubernetes would use ~5 s). */
const SHUTDOWN_DELAY_MS = 1500;
/**
 * Deadlines well above the services' defaults: what is measured is whether the shutdown loses
 * requests, and on a shared 2-core CI machine a slow answer is not a lost one.
 */
const SLOW_MACHINE_DEADLINE_MS = 10_000;

/**
 * Two delivery instances behind the local mesh, as two pods behind one Kubernetes service, with
 * customer journeys running through web. SIGTERM to one instance: it drains (readiness red,
 * `connection: close`, in-flight requests finish) and exits 0, the mesh moves to the other, and
 * no request fails.
 *
 * The mesh does not probe readiness, so the test removes the endpoint as Kubernetes would. Without
 * that, the mesh keeps sending to the draining instance until its listener closes, and a request
 * written on a kept-alive connection just as the server closes it is lost (Envoy flag UC).
 */
describe('graceful shutdown of one delivery instance under load through the mesh', () => {
  const started: BuiltService[] = [];
  let mesh: MeshServer;
  let load: LoadGenerator | undefined;
  let suiteDatabase: SuiteDatabase;

  beforeAll(async () => {
    suiteDatabase = await startSuiteDatabase('graceful shutdown');
  }, 60_000);
  afterAll(async () => {
    await load?.close();
    await mesh?.stop();
    for (const service of started) service.kill();
    await suiteDatabase?.stop();
  });

  it('drains and exits 0 with no failed request', async () => {
    const database = { DATABASE_URL: suiteDatabase.url };
    const users = await startBuiltService('users', database);
    started.push(users);
    const deliveryEnv = { ...database, USERS_URL: users.url, SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), USERS_TIMEOUT_MS: String(SLOW_MACHINE_DEADLINE_MS) };
    // One after the other: both migrate the same schema at start-up.
    const leaving = await startBuiltService('delivery', deliveryEnv);
    const staying = await startBuiltService('delivery', deliveryEnv);
    started.push(leaving, staying);
    const labels = { app: 'delivery', version: 'v1', track: 'stable' };
    const stayingEndpoint = { service: 'delivery', labels, url: staying.url, name: 'delivery-staying' };
    mesh = await MeshServer.start({
      config: {
        adminPort: 0,
        listeners: [{ port: 0, host: 'delivery' }],
        workloads: [{ service: 'delivery', labels, url: leaving.url, name: 'delivery-leaving' }, stayingEndpoint],
      },
      logger: silentLogger,
    });
    const web = await startBuiltService('web', { USERS_URL: users.url, DELIVERY_URL: mesh.listeners[0].url, CONTROL_AUTH: 'off', UPSTREAM_TIMEOUT_MS: String(SLOW_MACHINE_DEADLINE_MS) });
    started.push(web);

    // Warm-up (connections, JIT, first writes) at a quarter of the rate, then a baseline with both
    // instances serving: the highest rate up to RPS that loses nothing without a shutdown. Only
    // the shutdown window is judged, at that rate.
    load = new LoadGenerator({ baseUrl: web.url, rps: RPS / 4, journeys: 128, timeoutMs: SLOW_MACHINE_DEADLINE_MS * 2 });
    load.start();
    await sleep(2000);
    const rate = await findCleanRate(load, { targetRps: RPS, windowMs: 4000, settleMs: 1000, floorRps: RPS / 10 });
    const { baseline } = rate;
    load.resetStats();
    const sigtermAt = Date.now();
    // What Kubernetes does for a terminating pod: SIGTERM, and its endpoint leaves the service at
    // the same moment (the endpoints controller drops terminating pods), so the proxies stop picking
    // it while its in-flight requests finish. SHUTDOWN_DELAY_MS covers the propagation delay.
    leaving.process.kill('SIGTERM');
    mesh.applyWorkloads([stayingEndpoint]);
    const exitCode = await leaving.exited;
    const drainedMs = Date.now() - sigtermAt;
    await sleep(1500);
    const traffic = await load.stop();

    const stats = mesh.stats(30).destinations.filter((d) => d.service === 'delivery');
    process.stdout.write(
      `[graceful shutdown] ${RPS} req/s target\n${describeBaselines(rate)}\n` +
        `[graceful shutdown] exit ${exitCode} after ${drainedMs} ms; ${traffic.sent} requests, ${traffic.failed} failed ${JSON.stringify(traffic.failures)}; ` +
        `mesh: ${JSON.stringify(stats.map((d) => ({ version: d.version, requests: d.window.requests, errors: d.window.errors })))}\n`,
    );
    expect(exitCode).toBe(0);
    expect(drainedMs).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS);
    expect(traffic.sent).toBeGreaterThan(baseline.rps);
    expect(lossFromRoutingChange(baseline, traffic)).toBeUndefined();
  }, 90_000);
});
