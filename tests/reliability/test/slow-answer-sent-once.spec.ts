import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MeshServer, silentLogger, type KubernetesObject } from '../../../tools/mesh/src';
import { parseDuration } from '../../../tools/mesh/src/duration';
import { ChartRenderer, STACK_NAMESPACE } from '../../../tools/stack/src/chart-renderer';
import { initialRouting } from '../../../tools/stack/src/service-routing';
import { meshWorkloads } from '../../../tools/stack/src/stack-workloads';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SERVICES = ['users', 'delivery', 'web'];
/** The per-try timeout the charts had when this was found: slow answers are at least this slow. */
const SLOW_MS = 3000;
/** How much later than any per-try timeout the upstream answers. */
const MARGIN_MS = 1000;

/**
 * Found on a busy machine: a POST that took longer than the charts' per-try timeout (3 s) was
 * sent again by the mesh (Envoy retries a per-try timeout under `retryOn: reset`), while the
 * first copy was still being served. The user was created twice and the customer got a 409 for
 * their own request. Each chart's real routes, applied by the local mesh in front of an upstream
 * that answers slowly but within the route timeout: every POST must reach it exactly once.
 */
describe('a slow answer is never sent twice by the charts\' routes', () => {
  let renderer: ChartRenderer;
  let mesh: MeshServer | undefined;
  let upstream: Server | undefined;

  beforeAll(async () => {
    renderer = await ChartRenderer.prepare(REPO_ROOT, SERVICES);
  }, 60_000);
  afterAll(async () => {
    await mesh?.stop();
    upstream?.closeAllConnections();
    upstream?.close();
    await renderer?.dispose();
  });

  it('each POST slower than any per-try timeout reaches the service once, and its answer reaches the caller', async () => {
    const routing = initialRouting(['v1']);
    const objects = (await Promise.all(SERVICES.map((service) => renderer.render(service, routing)))).flat();
    const answerAfterMs = Math.max(SLOW_MS, longestPerTryTimeoutMs(objects)) + MARGIN_MS;
    expect(answerAfterMs).toBeLessThan(shortestRouteTimeoutMs(objects));

    const received: string[] = [];
    upstream = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      setTimeout(() => response.writeHead(201, { 'content-type': 'application/json' }).end('{"created":true}'), answerAfterMs);
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const urls = Object.fromEntries(SERVICES.map((service) => [service, { v1: upstreamUrl }]));
    mesh = await MeshServer.start({
      config: {
        namespace: STACK_NAMESPACE,
        adminPort: 0,
        listeners: SERVICES.map((service) => ({ port: 0, host: service })),
        workloads: meshWorkloads(Object.fromEntries(SERVICES.map((service) => [service, routing])), urls),
      },
      objects,
      logger: silentLogger,
    });

    const answers = await Promise.all(
      (mesh as MeshServer).listeners.map(async (listener) => {
        const response = await fetch(`${listener.url}/slow-write/${listener.host}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return `${listener.host} ${response.status}`;
      }),
    );
    expect(answers.sort()).toEqual(SERVICES.map((service) => `${service} 201`).sort());
    expect(received.sort()).toEqual(SERVICES.map((service) => `POST /slow-write/${service}`).sort());
  }, 60_000);
});

interface RenderedRoute {
  timeout?: string;
  retries?: { perTryTimeout?: string } | null;
}

function routesOf(objects: KubernetesObject[]): RenderedRoute[] {
  return objects
    .filter((object) => object.kind === 'VirtualService')
    .flatMap((object) => ((object as { spec?: { http?: RenderedRoute[] } }).spec?.http ?? []));
}

function longestPerTryTimeoutMs(objects: KubernetesObject[]): number {
  return Math.max(0, ...routesOf(objects).map((route) => parseDuration(route.retries?.perTryTimeout, 'perTryTimeout') ?? 0));
}

function shortestRouteTimeoutMs(objects: KubernetesObject[]): number {
  return Math.min(...routesOf(objects).map((route) => parseDuration(route.timeout, 'timeout') ?? Infinity));
}
