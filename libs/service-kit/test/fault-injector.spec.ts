import { FaultInjector } from '../src';

describe('FaultInjector', () => {
  it('fails requests at the configured rate', async () => {
    let i = 0;
    const sequence = [0.1, 0.5, 0.29, 0.9];
    const faults = new FaultInjector({ errorRate: 0.3, delayMs: 0 }, () => sequence[i++ % sequence.length]);
    const outcomes = await Promise.all(sequence.map(() => faults.apply('/deliveries').then(() => 'ok', () => 'fault')));
    expect(outcomes).toEqual(['fault', 'ok', 'fault', 'ok']);
  });

  it('only affects paths matching the route filter', async () => {
    const faults = new FaultInjector({ errorRate: 1, delayMs: 0, route: /^\/deliveries/ }, () => 0);
    await expect(faults.apply('/users')).resolves.toBeUndefined();
    await expect(faults.apply('/deliveries/1')).rejects.toMatchObject({ status: 500 });
  });

  it('never touches health, readiness, metrics or version', async () => {
    const faults = new FaultInjector({ errorRate: 1, delayMs: 0 }, () => 0);
    for (const path of ['/healthz', '/readyz', '/metrics', '/version']) await expect(faults.apply(path)).resolves.toBeUndefined();
  });

  it('can be changed at run time', async () => {
    const faults = new FaultInjector({ errorRate: 1, delayMs: 0 }, () => 0);
    faults.update({ errorRate: 0, delayMs: 0 });
    await expect(faults.apply('/x')).resolves.toBeUndefined();
  });
});
