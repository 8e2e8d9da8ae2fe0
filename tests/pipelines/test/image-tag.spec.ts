import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scriptsDir, workspaceRoot } from '../src/workspace-paths';

const script = path.join(scriptsDir, 'image-tag.sh');
const sha = '0f3c9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b';

function run(...args: string[]): { status: number | null; vars: Record<string, string>; stderr: string } {
  const result = spawnSync('bash', [script, ...args], { encoding: 'utf8' });
  const vars = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return { status: result.status, vars, stderr: result.stderr };
}

describe('pipelines/scripts/image-tag.sh', () => {
  it('maps release/delivery/v1.2.3 to the version v1.2.3 (image, app, track) and chart 1.2.3', () => {
    const { status, vars } = run('--service', 'delivery', '--ref', 'refs/heads/release/delivery/v1.2.3', '--sha', sha, '--reason', 'IndividualCI');
    expect(status).toBe(0);
    expect(vars).toEqual({ appVersion: 'v1.2.3', chartVersion: '1.2.3', buildKind: 'release', publish: 'true', release: 'true' });
  });

  it('gives every version the charts\' track pattern (^v…), including an all-digit SHA', () => {
    const trackVersion = new RegExp(JSON.parse(readFileSync(path.join(workspaceRoot, 'charts/users/values.schema.json'), 'utf8')).definitions.track.properties.version.pattern as string);
    for (const [ref, commit] of [['main', '1234567890abcdef1234567890abcdef12345678'], ['release/users/v1.2.3', sha], ['feature/users/x', sha]]) {
      const { appVersion } = run('--service', 'users', '--ref', ref, '--sha', commit).vars;
      expect(appVersion).toMatch(trackVersion);
    }
    expect(run('--service', 'users', '--ref', 'main', '--sha', '1234567890abcdef1234567890abcdef12345678').vars.appVersion).toBe('v0.0.0-g1234567');
  });

  it('accepts a pre-release semver and rejects a release branch without one', () => {
    expect(run('--service', 'users', '--ref', 'release/users/v2.0.0-rc.1', '--sha', sha).vars.appVersion).toBe('v2.0.0-rc.1');
    for (const ref of ['release/users/vlatest', 'release/users/v1.2', 'release/users/v01.2.3']) {
      const { status, stderr } = run('--service', 'users', '--ref', ref, '--sha', sha);
      expect(status).toBe(1);
      expect(stderr).toMatch(/v<semver>/);
    }
  });

  it.each([
    ['refs/heads/main', 'IndividualCI', 'main', 'true'],
    ['refs/heads/feature/delivery/eta-cache', 'BatchedCI', 'feature', 'false'],
    ['refs/pull/42/merge', 'PullRequest', 'pr', 'false'],
    ['refs/heads/release/users/v1.2.3', 'IndividualCI', 'other', 'false'],
  ])('%s (%s) is a %s build versioned from the short SHA, publish=%s', (ref, reason, kind, publish) => {
    const { status, vars } = run('--service', 'delivery', '--ref', ref, '--sha', sha, '--reason', reason);
    expect(status).toBe(0);
    expect(vars.appVersion).toBe('v0.0.0-g0f3c9a1');
    expect(vars.chartVersion).toBe('0.0.0-g0f3c9a1');
    expect(vars.buildKind).toBe(kind);
    expect(vars.publish).toBe(publish);
    expect(vars.release).toBe('false');
  });

  it('never prints latest, and rejects a SHA that is not one', () => {
    expect(run('--service', 'web', '--ref', 'refs/heads/latest', '--sha', sha).vars.appVersion).not.toBe('latest');
    expect(run('--service', 'web', '--ref', 'main', '--sha', 'latest').status).toBe(1);
    expect(run('--service', 'web', '--ref', 'main').status).toBe(64);
  });

  it('sets Azure output variables with --azure', () => {
    const out = execFileSync('bash', [script, '--service', 'web', '--ref', 'refs/heads/main', '--sha', sha, '--azure'], { encoding: 'utf8' });
    expect(out).toContain('##vso[task.setvariable variable=appVersion;isOutput=true]v0.0.0-g0f3c9a1\n');
    expect(out).toContain('##vso[task.setvariable variable=publish;isOutput=true]true\n');
  });
});
