import { parseClusterOptions } from '../src/cluster-options';

describe('parseClusterOptions', () => {
  it('reads the action, --dry-run, --name, --tag and --mode', () => {
    expect(parseClusterOptions(['up', '--dry-run', '--name', 'demo', '--tag', 'v0.2.0', '--mode', 'ambient'])).toEqual({
      action: 'up', dryRun: true, clusterName: 'demo', imageTag: 'v0.2.0', mode: 'ambient',
    });
  });

  it('defaults to the cluster "courier", no explicit tag and sidecars', () => {
    expect(parseClusterOptions(['status'])).toEqual({ action: 'status', dryRun: false, clusterName: 'courier', imageTag: undefined, mode: 'sidecar' });
  });

  it.each([
    [[], 'an action is required: up, down or status'],
    [['up', 'down'], 'only one action at a time (got up and down)'],
    [['up', '--force'], 'unknown argument: --force'],
    [['up', '--tag'], '--tag needs a value'],
    [['up', '--tag', 'latest'], '--tag must be a version such as v1.2.0 or v0.0.0-dev.g1a2b3c4 (lowercase, no "latest"): it is both the image tag and the pods\' version label (got latest)'],
    [['up', '--tag', '0.2.0'], '(got 0.2.0)'],
    [['up', '--name', 'Not_A_Label'], '--name must be a DNS label (got Not_A_Label)'],
    [['up', '--mode', 'sidecarless'], '--mode must be sidecar or ambient (got sidecarless)'],
  ])('rejects %j with "%s"', (argv, message) => {
    expect(() => parseClusterOptions(argv)).toThrow(message);
  });

  it('answers help', () => {
    expect(parseClusterOptions(['up', '--help'])).toBe('help');
  });
});
