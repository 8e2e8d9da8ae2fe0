import { chartWorkspace } from '../src/chart-workspace';
import { type Values } from '../src/helm-cli';

/**
 * Bad values never reach the cluster: `helm template` (and so install and upgrade) fails with a
 * message naming the key. Schema messages are matched in the wording of helm 3.17 (gojsonschema) and
 * of helm >= 3.18 (jsonschema/v6), since a helm on PATH may be either.
 */
function rejection(chart: string, values: Values): string {
  const { helm, chart: chartDir } = chartWorkspace();
  const result = helm.template(chartDir(chart), chart, values);
  expect(result.status).not.toBe(0);
  expect(result.stdout).toBe('');
  return result.stderr;
}

const tagged = (values: Values): Values => ({ image: { tag: '0.1.0' }, ...values });

describe('values the charts reject', () => {
  it('a canary weight of 150', () => {
    const message = rejection('delivery', tagged({ rollout: { strategy: 'canary', canary: { weight: 150 } } }));
    expect(message).toContain("values don't meet the specifications of the schema(s) in the following chart(s):\ndelivery:");
    expect(message).toMatch(/- rollout\.canary\.weight: Must be less than or equal to 100|at '\/rollout\/canary\/weight': maximum: got 150, want 100/);
  });

  it('a missing image tag', () => {
    const message = rejection('users', {});
    expect(message).toMatch(/- image: tag is required|at '\/image': missing property 'tag'/);
  });

  it('a typo in a key (rollout.canary.wieght)', () => {
    const message = rejection('delivery', tagged({ rollout: { strategy: 'canary', canary: { wieght: 10 } } }));
    expect(message).toMatch(/- rollout\.canary: Additional property wieght is not allowed|at '\/rollout\/canary': additional properties? 'wieght' not allowed/);
  });

  it('a typo at the top level of the umbrella chart', () => {
    const message = rejection('courier', { gatway: { name: 'x' } });
    expect(message).toMatch(/- \(root\): Additional property gatway is not allowed|additional properties? 'gatway' not allowed/);
  });

  it('an unknown strategy', () => {
    const message = rejection('web', tagged({ rollout: { strategy: 'rainbow' } }));
    expect(message).toMatch(/- rollout\.strategy: rollout\.strategy must be one of the following: "none", "canary", "bluegreen", "mirror"|at '\/rollout\/strategy': value must be one of 'none', 'canary', 'bluegreen', 'mirror'/);
  });

  it('a mirror percentage below 0', () => {
    const message = rejection('delivery', tagged({ rollout: { strategy: 'mirror', mirror: { percent: -5 } } }));
    expect(message).toMatch(/- rollout\.mirror\.percent: Must be greater than or equal to 0|at '\/rollout\/mirror\/percent': minimum: got -5, want 0/);
  });

  it('the floating tag latest, on any track', () => {
    expect(rejection('delivery', { image: { tag: 'latest' } })).toContain('image tag must be pinned: "latest" is not allowed (track stable)');
    expect(rejection('delivery', tagged({ rollout: { strategy: 'canary' }, tracks: { stable: { version: 'v1' }, canary: { version: 'v2', tag: 'latest' } } })))
      .toContain('image tag must be pinned: "latest" is not allowed (track canary)');
  });

  it('an A/B rule to a track the strategy does not deploy', () => {
    const message = rejection('users', tagged({ rollout: { strategy: 'none', match: [{ header: 'x-courier-cohort', exact: 'beta', track: 'canary' }] } }));
    expect(message).toContain('rollout.match[0] routes to track "canary", which rollout.strategy "none" does not deploy (deployed: stable)');
  });

  it('a database connection string in values instead of a Secret reference', () => {
    const message = rejection('users', tagged({ database: { enabled: true, schema: 'users', url: 'postgresql://u:p@db/courier', secret: { name: 'courier-database', key: 'DATABASE_URL' } } }));
    expect(message).toMatch(/- database: Additional property url is not allowed|at '\/database': additional properties? 'url' not allowed/);
  });

  it('an upper-case header name, which Istio would never match', () => {
    const message = rejection('delivery', tagged({ rollout: { strategy: 'bluegreen', bluegreen: { active: 'blue', preview: true, previewHeader: 'X-Preview' } } }));
    expect(message).toMatch(/rollout\.bluegreen\.previewHeader|\/rollout\/bluegreen\/previewHeader/);
  });
});
