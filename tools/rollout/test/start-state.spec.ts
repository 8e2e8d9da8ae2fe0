import { initialRouting, STABLE_ONLY, type FaultSettings, type StackDescription } from '@courier/contracts';
import { differencesFromStart, resetToStart } from '../src/cli/start-state';
import type { StackClient } from '../src/cli/stack-client';

type Services = StackDescription['services'];

/** A stack admin API in memory: what the demo and `courier lab reset` see and change. */
function fakeStack(services: Services, running: string[] = [], loadRps = 0) {
  const calls: string[] = [];
  const fake = {
    calls,
    describe: async () => ({ gateway: '', meshAdmin: '', database: '', services }) as StackDescription,
    rollouts: async () => Object.fromEntries(Object.keys(services).map((name) => [name, { running: running.includes(name), routing: {}, events: [] }])),
    load: async () => ({ running: loadRps > 0, rps: loadRps, sent: 0, failed: 0 }),
    requestControl: async (service: string, action: string) => {
      calls.push(`${action} ${service}`);
      running.splice(running.indexOf(service), 1);
    },
    finished: async () => ({ status: 'aborted', reason: '' }),
    setLoad: async (rps: number) => {
      calls.push(`load ${rps}`);
      loadRps = rps;
    },
    setFaults: async (service: string, version: string, faults: FaultSettings) => {
      calls.push(`faults ${service} ${version} ${faults.errorRate}/${faults.delayMs}`);
      const entry = services[service].versions.find((each) => each.version === version);
      if (entry) entry.faults = faults;
    },
    setRouting: async (service: string, routing: Services[string]['routing']) => {
      calls.push(`routing ${service} ${routing.values.strategy} stable=${routing.tracks.stable}`);
      services[service].routing = routing;
    },
  };
  return fake as typeof fake & StackClient;
}

const service = (versions: string[], routing = initialRouting(versions), faulty?: string): Services[string] => ({
  routing,
  meshListener: '',
  versions: versions.map((version) => ({ version, url: '', faults: version === faulty ? { errorRate: 0.5, delayMs: 0 } : { errorRate: 0, delayMs: 0 } })),
});

describe('the start state (demo, courier lab reset)', () => {
  it('is what npm start begins with: nothing to report, nothing to change', async () => {
    const stack = fakeStack({ users: service(['v1']), delivery: service(['v1', 'v2']) });
    expect(await differencesFromStart(stack)).toEqual([]);
    await resetToStart(stack);
    expect(stack.calls).toEqual(['load 0']);
  });

  it('says what differs, and a reset aborts the rollout, stops the load, clears faults and puts v1 back on stable', async () => {
    const promoted = { values: { ...STABLE_ONLY, strategy: 'canary' as const, canary: { weight: 50 } }, tracks: { ...initialRouting(['v1', 'v2']).tracks, stable: 'v2' } };
    const stack = fakeStack({ users: service(['v1']), delivery: service(['v1', 'v2'], promoted, 'v2') }, ['delivery'], 30);
    expect(await differencesFromStart(stack)).toEqual([
      'load is on (30 req/s)',
      'a rollout of delivery is running',
      'delivery is routed by canary, not stable only',
      "delivery's stable track runs v2, not v1",
      'delivery v2 is in bad mode',
    ]);
    await resetToStart(stack);
    expect(stack.calls).toEqual(['abort delivery', 'load 0', 'faults delivery v2 0/0', 'routing delivery none stable=v1']);
    expect(await differencesFromStart(stack)).toEqual([]);
  });
});
