import { MeshServer, silentLogger, type KubernetesObject } from '@courier/mesh';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KubeObject } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { type RoutingApi, type Scenario, SCENARIOS } from '../src/scenarios';

// The same rollout values rendered through both routing APIs, applied by the local mesh (Istio's
// VirtualService semantics, and the Gateway API's for HTTPRoute), and the same traffic sent
// through each: both must send it to the same tracks in the same shares, and mirror the same share.

const REQUESTS = 400;
const TRACKS = ['stable', 'canary', 'blue', 'green'];

interface Decisions {
  /** Per probe (`always` or `<header>=<value>`): requests answered per track. */
  answered: Record<string, Record<string, number>>;
  /** Copies each track received beyond the requests it answered (mirroring). */
  mirrored: Record<string, number>;
}

/** A stand-in pod per track that says which track served, and counts every request it gets. */
async function trackPod(track: string): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    received++;
    request.resume().on('end', () => response.writeHead(200, { 'x-track': track }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received };
}

/** The service's traffic through the mesh running one render of the scenario. */
async function decisionsFor(scenario: Scenario, api: RoutingApi, probes: string[]): Promise<Decisions> {
  const objects: KubeObject[] = renderScenario(scenario, api).objects;
  const pods = await Promise.all(TRACKS.map(trackPod));
  const service = scenario.service;
  const mesh = await MeshServer.start({
    config: {
      namespace: 'courier',
      adminPort: 0,
      listeners: [{ name: service, port: 0, host: service }],
      workloads: TRACKS.map((track, index) => ({ name: `${service}-${track}`, service, labels: { app: service, version: track, track }, url: pods[index].url })),
    },
    objects: objects as unknown as KubernetesObject[],
    logger: silentLogger,
  });
  try {
    const answered: Decisions['answered'] = {};
    for (const probe of probes) {
      const headers = probe === 'always' ? {} : Object.fromEntries([probe.split('=')]);
      const tally: Record<string, number> = {};
      for (let request = 0; request < REQUESTS; request++) {
        const response = await fetch(`${mesh.listeners[0].url}/probe`, { headers });
        await response.arrayBuffer();
        const track = response.headers.get('x-track') ?? `status ${response.status}`;
        tally[track] = (tally[track] ?? 0) + 1;
      }
      answered[probe] = tally;
    }
    // Mirrored copies are fire-and-forget: let them land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mirrored = Object.fromEntries(TRACKS.map((track, index) => {
      const answers = Object.values(answered).reduce((sum, tally) => sum + (tally[track] ?? 0), 0);
      return [track, pods[index].received() - answers];
    }).filter(([, copies]) => (copies as number) > 0));
    return { answered, mirrored };
  } finally {
    await mesh.stop();
    await Promise.all(pods.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
}

/** Whether `observed` of `trials` fits probability p: within 4.5 standard deviations (+½). */
const fits = (observed: number, trials: number, p: number) => Math.abs(observed - trials * p) <= 4.5 * Math.sqrt(trials * p * (1 - p)) + 0.5;

const CASES = ['canary 10', 'canary 50', 'canary 100', 'blue/green, blue active, green in preview', 'mirror 20', 'A/B by header']
  .map((name) => [name, SCENARIOS.find((scenario) => scenario.name === name)!] as const);

describe.each(CASES)('both routing APIs route "%s" alike', (_name, scenario) => {
  const probes = [...new Set(['always', ...scenario.routes.map((route) => route.when)])];

  it('the same tracks in the shares the rollout values give, and the same mirrored share', async () => {
    const [viaIstio, viaGatewayApi] = [await decisionsFor(scenario, 'istio', probes), await decisionsFor(scenario, 'gateway-api', probes)];
    for (const probe of probes) {
      // What the values say this probe gets: the first route whose condition it meets.
      const expected = (scenario.routes.find((route) => route.when === probe) ?? scenario.routes.find((route) => route.when === 'always'))!;
      const total = Object.values(expected.to).reduce((sum, weight) => sum + weight, 0);
      for (const decisions of [viaIstio, viaGatewayApi]) {
        const tally = decisions.answered[probe];
        expect(Object.keys(tally).every((track) => (expected.to[track] ?? 0) > 0)).toBe(true);
        for (const [track, weight] of Object.entries(expected.to)) {
          expect([probe, track, tally[track] ?? 0, fits(tally[track] ?? 0, REQUESTS, weight / total)]).toEqual([probe, track, tally[track] ?? 0, true]);
        }
      }
    }
    const mirror = scenario.routes.find((route) => route.mirror)?.mirror;
    const primaryRequests = probes.filter((probe) => !scenario.routes.some((route) => route.when === probe && route.name !== 'primary')).length * REQUESTS;
    for (const decisions of [viaIstio, viaGatewayApi]) {
      if (!mirror) expect(decisions.mirrored).toEqual({});
      else expect(fits(decisions.mirrored[mirror.subset] ?? 0, primaryRequests, mirror.percent / 100)).toBe(true);
    }
  }, 60_000);
});
