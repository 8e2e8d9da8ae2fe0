import { STABLE_ONLY } from '@courier/rollout';
import { initialRouting, promotedRouting } from '../src/service-routing';
import { meshWorkloads } from '../src/stack-workloads';

describe('local routing state', () => {
  it('starts with v1 on stable and blue, v2 on canary and green', () => {
    expect(initialRouting(['v1', 'v2']).tracks).toEqual({ stable: 'v1', blue: 'v1', canary: 'v2', green: 'v2' });
    expect(initialRouting(['v1']).tracks).toEqual({ stable: 'v1', blue: 'v1', canary: 'v1', green: 'v1' });
  });

  it('promoting a canary puts the new version on stable and the old one on canary', () => {
    const promoted = promotedRouting(initialRouting(['v1', 'v2']), 'v2', STABLE_ONLY, 'canary');
    expect(promoted.tracks).toMatchObject({ stable: 'v2', canary: 'v1' });
    expect(promoted.values.strategy).toBe('none');
  });

  it('promoting blue/green keeps the colours and the switched values; stable records the new version', () => {
    const switched = { ...STABLE_ONLY, strategy: 'bluegreen' as const, bluegreen: { active: 'green' as const, preview: false, previewHeader: 'x-courier-preview' } };
    const promoted = promotedRouting(initialRouting(['v1', 'v2']), 'v2', switched, 'bluegreen');
    expect(promoted.tracks).toEqual({ ...initialRouting(['v1', 'v2']).tracks, stable: 'v2' });
    expect(promoted.values.bluegreen.active).toBe('green');
  });

  it('lists each process once per track it serves, labelled like the chart labels pods', () => {
    const workloads = meshWorkloads({ delivery: initialRouting(['v1', 'v2']) }, { delivery: { v1: 'http://127.0.0.1:3002', v2: 'http://127.0.0.1:3012' } });
    expect(workloads).toEqual(
      expect.arrayContaining([
        { service: 'delivery', name: 'delivery-v1', labels: { app: 'delivery', version: 'v1', track: 'stable' }, url: 'http://127.0.0.1:3002' },
        { service: 'delivery', name: 'delivery-v2', labels: { app: 'delivery', version: 'v2', track: 'green' }, url: 'http://127.0.0.1:3012' },
      ]),
    );
    expect(workloads).toHaveLength(4);
  });
});
