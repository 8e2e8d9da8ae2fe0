import { STABLE_ONLY, type FaultSettings } from '@courier/contracts';
import { faultsCommand } from '../src/cli/stack/faults-command';
import { loadCommand } from '../src/cli/stack/load-command';
import { applySettings } from '../src/cli/stack/routing-command';
import type { StackClient } from '../src/cli/stack-client';

describe('courier routing --set', () => {
  it('sets the chart\'s rollout values, repeated or comma-separated as Helm reads them', () => {
    expect(applySettings(STABLE_ONLY, ['rollout.strategy=canary', 'rollout.canary.weight=20'])).toEqual({ ...STABLE_ONLY, strategy: 'canary', canary: { weight: 20 } });
    expect(applySettings(STABLE_ONLY, ['rollout.strategy=bluegreen,rollout.bluegreen.active=green,rollout.bluegreen.preview=true'])).toEqual({ ...STABLE_ONLY, strategy: 'bluegreen', bluegreen: { ...STABLE_ONLY.bluegreen, active: 'green', preview: true } });
  });

  it.each([
    [['rollout.canary.weight=120'], /^--set rollout\.canary\.weight: /],
    [['rollout.strategy=yolo'], /^--set rollout\.strategy: must be one of none, canary, bluegreen, mirror/],
    [['rollout.match=[]'], /^--set rollout\.match=\[\]: not a rollout value this command sets/],
    [['weight'], /^--set weight: not a rollout value/],
  ])('names the value it refuses: %j', (settings, message) => {
    expect(() => applySettings(STABLE_ONLY, settings)).toThrow(message);
  });
});

describe('courier faults and courier load', () => {
  const sent: unknown[] = [];
  const stack = {
    describe: async () => ({ services: { delivery: { versions: [{ version: 'v2', url: '', faults: { errorRate: 0.1, delayMs: 0 } }] } } }),
    setFaults: async (service: string, version: string, faults: FaultSettings) => void sent.push({ service, version, faults }),
    setLoad: async (rps: number) => void sent.push({ rps }),
  } as unknown as StackClient;
  const printed: string[] = [];
  const print = (line: string) => void printed.push(line);

  it('changes only the fault it is given, and says what the version does now', async () => {
    expect(await faultsCommand(stack, ['delivery', 'v2', '--delay', '300ms'], print)).toBe(0);
    expect(sent.at(-1)).toEqual({ service: 'delivery', version: 'v2', faults: { errorRate: 0.1, delayMs: 300 } });
    expect(printed.at(-1)).toBe('delivery v2: 10% of requests answer 500, 300 ms added to every request');
  });

  it('names the flag of a bad fault, and the version it does not know', async () => {
    await expect(faultsCommand(stack, ['delivery', 'v2', '--error-rate', '2'], print)).rejects.toThrow(/^--error-rate: must be at most 1$/);
    await expect(faultsCommand(stack, ['delivery', 'v2', '--delay', 'soon'], print)).rejects.toThrow(/^--delay: "soon" is not a duration/);
    await expect(faultsCommand(stack, ['delivery', 'v9', '--error-rate', '0'], print)).rejects.toThrow('the local stack runs no delivery v9');
  });

  it('turns the load on and off, and refuses what is not a whole rate', async () => {
    expect(await loadCommand(stack, ['20'], print)).toBe(0);
    expect(sent.at(-1)).toEqual({ rps: 20 });
    expect(await loadCommand(stack, ['0'], print)).toBe(0);
    expect(printed.at(-1)).toBe('Load off.');
    await expect(loadCommand(stack, ['fast'], print)).rejects.toThrow('load: "fast" is not a whole number of requests per second');
  });
});
