import { valuesFilesFor } from '@courier/cluster';
import { MeshServer, silentLogger, type KubernetesObject } from '@courier/mesh';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chartWorkspace } from '../src/chart-workspace';
import { findObject, parseManifests, type KubeObject } from '../src/kube-object';
import { chartDefaults } from '../src/service-charts';
import { inWorkspace } from '../src/workspace-paths';

const TAG = 'v1.0.0';
/** Paths a browser on the internet needs: the customer page, its assets and its API. */
const PUBLIC = ['/', '/assets/home.js', '/api/users', '/api/users/42', '/api/deliveries', '/api/deliveries/7/events'];
/** What only the mesh, Prometheus or an operator may reach. */
const OPERATOR = ['/metrics', '/version', '/healthz', '/readyz', '/control-room', '/api/control-room/events', '/api/control-room/state', '/api/rollouts/delivery/abort', '/api/load'];
const CONTROL_ROOM = ['/control-room', '/api/control-room/events', '/api/control-room/state', '/api/rollouts/delivery/abort', '/api/load'];
/** Near misses a prefix match would let through. */
const LOOKALIKES = ['/api/usersx', '/api/deliveries-admin', '/assets', '/index.html'];

function renderWeb(environment: 'aks' | 'kind', rollout?: unknown): KubeObject[] {
  const { helm, chart } = chartWorkspace();
  const result = helm.template(chart('web'), 'web', { image: { tag: TAG }, ...(rollout ? { rollout } : {}) }, valuesFilesFor(environment, 'web').map((file) => inWorkspace(file)));
  if (result.status !== 0) throw new Error(result.stderr);
  return parseManifests(result.stdout);
}

/** A stand-in for one port of web's pods that says which port served. */
async function standIn(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => response.writeHead(200, { 'x-served-by': name }).end(request.url));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * The rendered objects in the local mesh (Istio's routing semantics, tools/mesh) behind a gateway
 * listener, with one stand-in web pod per track (its service port behind the Service web, its
 * streams port behind web-streams): which paths does the gateway route? 200 for web's port,
 * 'streams' for the streams port, otherwise the status.
 */
async function gatewayAnswers(objects: KubeObject[], paths: string[], headers: Record<string, string> = {}): Promise<Record<string, number | 'streams'>> {
  const web = await standIn('web');
  const streams = await standIn('web-streams');
  const pods = ['stable', 'canary'].map((track) => ({ name: `web-${track}`, labels: { app: 'web', version: track === 'stable' ? 'v1' : 'v2', track } }));
  const mesh = await MeshServer.start({
    config: {
      namespace: 'courier',
      adminPort: 0,
      listeners: [{ name: 'ingress-gateway', port: 0, gateway: 'courier-gateway', host: 'web' }],
      workloads: pods.flatMap((pod) => [
        { ...pod, service: 'web', url: web.url },
        { ...pod, service: 'web-streams', url: streams.url },
      ]),
    },
    objects: objects as unknown as KubernetesObject[],
    logger: silentLogger,
  });
  try {
    const gateway = mesh.listeners[0].url;
    const answers: Record<string, number | 'streams'> = {};
    for (const path of paths) {
      const res = await fetch(`${gateway}${path}`, { headers });
      await res.arrayBuffer();
      const servedBy = res.status === 200 ? res.headers.get('x-served-by') : undefined;
      answers[path] = servedBy === 'web' ? 200 : servedBy === 'web-streams' ? 'streams' : res.status;
    }
    return answers;
  } finally {
    await mesh.stop();
    await Promise.all([web, streams].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
}

const all = (paths: string[], status: number | 'streams') => Object.fromEntries(paths.map((path) => [path, status]));

describe('the public ingress routes only the public paths', () => {
  it('lists the public paths once, in the web chart, as exact paths or prefixes ending in /', () => {
    const paths = (chartDefaults('web') as { ingress: { paths: Record<string, string>[] } }).ingress.paths;
    expect(paths.length).toBeGreaterThan(0);
    for (const match of paths) expect(match.exact ?? match.prefix?.replace(/[^/]$/, '(no trailing slash)')).toMatch(/^\/([\w/.-]*)$/);
  });

  it('on AKS: the customer page, its assets and its API reach web; metrics, version, health and the control room get a 404', async () => {
    const answers = await gatewayAnswers(renderWeb('aks'), [...PUBLIC, ...OPERATOR, ...LOOKALIKES]);
    expect(answers).toEqual({ ...all(PUBLIC, 200), ...all(OPERATOR, 404), ...all(LOOKALIKES, 404) });
  });

  it('on kind, whose gateway is on your machine: the control room too, and still no metrics', async () => {
    const answers = await gatewayAnswers(renderWeb('kind'), [...PUBLIC, ...OPERATOR]);
    // The event stream goes to web's streams port, where Istio reports it as web-streams.
    expect(answers).toEqual({ ...all(PUBLIC, 200), ...all(OPERATOR, 404), ...all(CONTROL_ROOM, 200), '/api/control-room/events': 'streams' });
  });

  it('keeps a header route (A/B) on the public paths only, crossing each of its matches with every path', async () => {
    const rollout = { strategy: 'canary', canary: { weight: 0 }, match: [{ header: 'x-user-group', exact: 'beta', track: 'canary' }] };
    const objects = renderWeb('aks', rollout);
    const routes = (findObject(objects, 'VirtualService', 'web-ingress').spec as { http: { name: string; match: Record<string, unknown>[] }[] }).http;
    const publicCount = (chartDefaults('web') as { ingress: { paths: unknown[] } }).ingress.paths.length;
    expect(routes.map((route) => [route.name, route.match.length])).toEqual([['match-0-canary', publicCount], ['primary', publicCount]]);
    expect(routes[0].match.every((match) => 'uri' in match && 'headers' in match)).toBe(true);
    const beta = await gatewayAnswers(objects, ['/api/users', '/metrics'], { 'x-user-group': 'beta' });
    expect(beta).toEqual({ '/api/users': 200, '/metrics': 404 });
  });

  it('refuses an ingress with no paths, naming the value', () => {
    const { helm, chart } = chartWorkspace();
    const result = helm.template(chart('web'), 'web', { image: { tag: TAG }, ingress: { enabled: true, gateway: 'courier-gateway', hosts: ['*'], paths: [] } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ingress\.paths|paths/);
  });
});
