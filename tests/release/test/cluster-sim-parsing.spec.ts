import os from 'node:os';
import { ValueMerger } from '../src/cluster-sim/helm-values';
import { evaluateJsonPath } from '../src/cluster-sim/jsonpath';
import { RealHelm } from '../src/cluster-sim/real-helm';
import { compareVersions } from '../src/cluster-sim/versions';
import { WORKSPACE_ROOT } from './fixtures/cluster-sim/harness';

describe('cluster simulator: version order', () => {
  it.each([
    ['v0.0.0-g1234567', 'v1.2.3', -1],
    ['v1.3.0', 'v1', 1],
    ['v10.0.0', 'v9.9.9', 1],
    ['v1.2.3', 'v1.2.3', 0],
    ['v1.2.3-rc.1', 'v1.2.3', -1],
    ['v1.2.3-rc.2', 'v1.2.3-rc.10', -1],
  ] as const)('%s vs %s is %d', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
  });

  it('has no order between builds of two commits, nor for strings that are not versions', () => {
    expect(compareVersions('v0.0.0-g1234567', 'v0.0.0-gabcdef0')).toBeUndefined();
    expect(compareVersions('latest', 'v1')).toBeUndefined();
  });
});

describe('cluster simulator: kubectl jsonpath', () => {
  const list = {
    items: [
      { metadata: { name: 'users-stable', labels: { 'app.kubernetes.io/name': 'users' } }, status: { readyReplicas: 1 } },
      { metadata: { name: 'users-canary', labels: {} }, status: {} },
    ],
  };

  it('selects fields, wildcards, indexes and dotted keys', () => {
    expect(evaluateJsonPath('{.items[*].metadata.name}', list)).toBe('users-stable users-canary');
    expect(evaluateJsonPath("'{.items[0].status.readyReplicas}'", list)).toBe('1');
    expect(evaluateJsonPath('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', list)).toBe('users');
    expect(evaluateJsonPath("{.items[1].metadata['labels']}", list)).toBe('{}');
    expect(evaluateJsonPath('{.items[1].status.readyReplicas}', list)).toBe('');
  });

  it('ranges with literals', () => {
    expect(evaluateJsonPath('{range .items[*]}{.metadata.name}={.status.readyReplicas}{"\\n"}{end}', list)).toBe('users-stable=1\nusers-canary=\n');
  });

  it('rejects what it does not understand', () => {
    expect(() => evaluateJsonPath('{.items[?(@.x)]}', list)).toThrow(/does not understand/);
  });
});

describe('cluster simulator: value flags typed by helm', () => {
  const helm = new RealHelm(WORKSPACE_ROOT);
  afterAll(() => helm.close());

  it('typing flag by flag over the base gives what one helm run gives', async () => {
    const merger = new ValueMerger(helm);
    const base = { image: { tag: 'v1.0.0', registry: 'docker.io' }, rollout: { strategy: 'none', match: [{ header: 'x', exact: 'y', track: 'canary' }] } };
    const flags = [
      '--set-json', 'rollout.match=[]',
      '--set', 'rollout.strategy=canary,rollout.canary.weight=25,rollout.bluegreen.preview=false',
      '--set', 'image.tag=1234567',
      '--set-string', 'tracks.canary.tag=0123456,tracks.canary.version=v0.0.0-g0123456',
      '--set-string', 'tracks.stable.version=v1.2.3',
      '--set-string', 'tracks.stable.tag=1234567',
      '--set-string', 'changeCause=courier-users 20261203.1: users 1234567 from refs/heads/main@1234567',
    ];
    const byFlag = await merger.merge(flags, os.tmpdir(), base);
    expect(byFlag).toEqual(await merger.mergeInOneRun(flags, os.tmpdir(), base));
    expect(byFlag).toEqual({
      values: {
        image: { tag: 1234567, registry: 'docker.io' },
        rollout: { strategy: 'canary', match: [], canary: { weight: 25 }, bluegreen: { preview: false } },
        tracks: { canary: { tag: '0123456', version: 'v0.0.0-g0123456' }, stable: { version: 'v1.2.3', tag: '1234567' } },
        changeCause: 'courier-users 20261203.1: users 1234567 from refs/heads/main@1234567',
      },
    });
  });

  it('reports helm\'s error for a flag it cannot parse', async () => {
    expect(await new ValueMerger(helm).merge(['--set', 'novalue'], os.tmpdir())).toEqual({ error: expect.stringContaining('key "novalue" has no value') });
  });
});
