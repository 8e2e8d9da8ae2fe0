import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeSimulators, expectSuccess, FIXTURES, harness, type Harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';

describe('cluster simulator: helm releases', () => {
  afterEach(closeSimulators);

  it('installs a stable-only release: the migration runs first, the Deployment is created unready, then --wait makes it ready', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    const before = sim.states.length;
    const reply = expectSuccess(await helm(...installArgs('delivery', 'v1.0.0')));
    expect(reply.stdout).toContain('Release "delivery" does not exist. Installing it now.');

    const [hook, applied, waited] = sim.states.slice(before);
    expect(hook.migrations).toEqual([expect.objectContaining({ namespace: 'courier', service: 'delivery', image: 'docker.io/courier/delivery:v1.0.0', version: 'v1.0.0' })]);
    expect(hook.deployments['courier/delivery-stable']).toBeUndefined();
    expect(applied.deployments['courier/delivery-stable']).toMatchObject({ ready: false, sidecar: true });
    expect(applied.deployments['courier/delivery-stable'].running).toBeUndefined();
    expect(waited.deployments['courier/delivery-stable']).toMatchObject({ ready: true, running: { images: ['docker.io/courier/delivery:v1.0.0'] } });
    expect(sim.states.length).toBe(before + 3);
    expect(sim.violations()).toEqual([]);

    expect((await helm('status', 'delivery', '-n', 'courier')).stdout).toMatch(/STATUS: deployed\nREVISION: 1/);
  });

  it('answers get values with the user values, and with --all the values computed over the chart defaults', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('users', 'v1.0.0')));
    const user = JSON.parse(expectSuccess(await helm('get', 'values', 'users', '-n', 'courier', '-o', 'json')).stdout);
    expect(user).toEqual({ image: { tag: 'v1.0.0' }, tracks: { stable: { version: 'v1.0.0' } } });
    const all = JSON.parse(expectSuccess(await helm('get', 'values', 'users', '-n', 'courier', '--all', '-o', 'json')).stdout);
    expect(all.rollout.strategy).toBe('none');
    expect(all.image).toEqual(expect.objectContaining({ tag: 'v1.0.0', repository: 'courier/users' }));
    expect(all.tracks.canary.version).toBe('v2');
  });

  it('types --set as helm does: an all-digit tag is an integer the schema rejects, --set-string passes', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    const rejected = await helm('upgrade', '--install', 'users', 'users', '-n', 'courier', '--set', 'image.tag=1234567');
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^Error: INSTALLATION FAILED: values don't meet the specifications of the schema/);
    expect(rejected.stderr).toContain('image.tag');
    expect(sim.violations()).toEqual([expect.objectContaining({ kind: 'chart-schema', command: expect.stringContaining('--set image.tag=1234567') })]);
    expect((await helm('status', 'users', '-n', 'courier')).stderr).toBe('Error: release: not found\n');

    expectSuccess(await helm('upgrade', '--install', 'users', 'users', '-n', 'courier', '--set-string', 'image.tag=1234567'));
    expect(JSON.parse((await helm('get', 'values', 'users', '-n', 'courier', '-o', 'json')).stdout)).toEqual({ image: { tag: '1234567' } });
    expect(sim.violations()).toHaveLength(1);
  });

  describe('values of an upgrade to a chart whose default changed', () => {
    const v1 = path.join(FIXTURES, 'defaults-0.1.0');
    const v2 = path.join(FIXTURES, 'defaults-0.2.0');
    const greeting = async (flag: string) => {
      const { sim, helm } = harness();
      sim.seedNamespace('demo');
      expectSuccess(await helm('install', 'demo', v1, '-n', 'demo', '--set', 'name=courier'));
      expectSuccess(await helm('upgrade', 'demo', v2, '-n', 'demo', flag, '--set', 'extra=1'));
      const configMap = sim.current.objects['demo/ConfigMap/demo'];
      const values = JSON.parse((await helm('get', 'values', 'demo', '-n', 'demo', '--all', '-o', 'json')).stdout);
      return { rendered: (configMap as unknown as { data: Record<string, string> }).data, values };
    };

    it('--reuse-values keeps the old chart default', async () => {
      const { rendered, values } = await greeting('--reuse-values');
      expect(rendered).toEqual({ greeting: 'hello', name: 'courier' });
      expect(values).toEqual({ greeting: 'hello', name: 'courier', extra: 1 });
    });

    it('--reset-then-reuse-values takes the new chart default and keeps the user values', async () => {
      const { rendered, values } = await greeting('--reset-then-reuse-values');
      expect(rendered).toEqual({ greeting: 'bonjour', name: 'courier' });
      expect(values).toEqual({ greeting: 'bonjour', name: 'courier', extra: 1 });
    });

    it('--reset-values drops the user values', async () => {
      const { rendered } = await greeting('--reset-values');
      expect(rendered).toEqual({ greeting: 'bonjour', name: 'world' });
    });
  });

  it('reuses the previous values on an upgrade that sets none', async () => {
    const { sim, helm } = harness();
    sim.seedNamespace('demo');
    expectSuccess(await helm('install', 'demo', path.join(FIXTURES, 'defaults-0.1.0'), '-n', 'demo', '--set', 'name=courier'));
    expectSuccess(await helm('upgrade', 'demo', path.join(FIXTURES, 'defaults-0.2.0'), '-n', 'demo'));
    expect(JSON.parse((await helm('get', 'values', 'demo', '-n', 'demo', '-o', 'json')).stdout)).toEqual({ name: 'courier' });
    expect(JSON.parse((await helm('history', 'demo', '-n', 'demo', '-o', 'json')).stdout)).toEqual([
      expect.objectContaining({ revision: 1, status: 'superseded', chart: 'defaults-0.1.0' }),
      expect.objectContaining({ revision: 2, status: 'deployed', chart: 'defaults-0.2.0', app_version: 'v0.2.0' }),
    ]);
  });

  it('refuses a second operation on a release while one is under way, as helm does', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    const replies = await Promise.all([helm(...installArgs('users', 'v1.0.0')), helm(...installArgs('users', 'v1.1.0'))]);
    expect(replies.map((reply) => reply.code)).toEqual([0, 1]);
    expect(replies[1].stderr).toBe('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n');
    expect(sim.current.deployments['courier/users-stable'].running?.labels.version).toBe('v1.0.0');
  });

  it('refuses to upgrade a release that does not exist, as helm does, and records it', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    const reply = await helm('upgrade', 'delivery', 'delivery', '-n', 'courier', '--reuse-values', '--set-string', 'tracks.canary.version=v1.1.0');
    expect(reply).toMatchObject({ code: 1, stderr: 'Error: UPGRADE FAILED: "delivery" has no deployed releases\n' });
    expect(sim.violations()).toEqual([expect.objectContaining({ kind: 'release-missing' })]);
    expect(await helm('status', 'delivery', '-n', 'courier')).toMatchObject({ code: 1, stderr: 'Error: release: not found\n' });
  });

  describe('a migration hook whose Secret is missing (a namespace made by --create-namespace)', () => {
    const deploy = (helm: Harness['helm'], ...extra: string[]) =>
      helm('upgrade', '--install', 'users', 'users', '-n', 'courier-qa', '--create-namespace', '--set-string', 'image.tag=v1.0.0', '--wait', ...extra);

    it('fails after the timeout, and --atomic uninstalls the release', async () => {
      const { sim, helm } = harness();
      const reply = await deploy(helm, '--atomic');
      expect(reply.code).toBe(1);
      expect(reply.stderr).toBe('Error: INSTALLATION FAILED: release users failed, and has been uninstalled due to atomic being set: failed pre-install: 1 error occurred:\n\t* timed out waiting for the condition\n');
      expect(sim.current.namespaces['courier-qa']).toEqual({});
      expect(Object.keys(sim.current.deployments)).toEqual([]);
      expect(sim.current.migrations).toEqual([]);
      expect((await helm('status', 'users', '-n', 'courier-qa')).stderr).toBe('Error: release: not found\n');
    });

    it('without --atomic keeps a failed revision', async () => {
      const { helm } = harness();
      const reply = await deploy(helm);
      expect(reply.stderr).toContain('Error: INSTALLATION FAILED: failed pre-install');
      expect((await helm('status', 'users', '-n', 'courier-qa')).stdout).toContain('STATUS: failed');
    });

    it('runs once the namespace has the Secret', async () => {
      const { sim, helm } = harness();
      await deploy(helm);
      sim.seedSecret('courier-qa', 'courier-database', { DATABASE_URL: 'postgresql://qa' });
      expectSuccess(await deploy(helm));
      expect(sim.current.migrations).toEqual([expect.objectContaining({ namespace: 'courier-qa', service: 'users', version: 'v1' })]);
    });
  });

  it('an upgrade whose pods cannot start times out in --wait, and --atomic rolls it back to the revision it started from', async () => {
    const { sim, helm } = harness();
    prepareNamespace(sim);
    const legacy = path.join(FIXTURES, 'legacy-migration');
    expectSuccess(await helm('upgrade', '--install', 'legacy', legacy, '-n', 'courier', '--wait'));
    const reply = await helm('upgrade', 'legacy', legacy, '-n', 'courier', '--reuse-values', '--set', 'secret=absent,tracks.stable.version=v1.2.0', '--atomic', '--wait');
    expect(reply.code).toBe(1);
    expect(reply.stderr).toMatch(/^Error: UPGRADE FAILED: release legacy failed, and has been rolled back due to atomic being set: 1 error occurred:\n\t\* timed out waiting for the condition\n\(pods of deployment legacy-canary cannot start: secret "absent" not found in namespace courier; pods of deployment legacy-stable cannot start/);
    // While the upgrade waited, the old pods kept serving; after the rollback the old template runs again.
    const waiting = sim.states.find((state) => state.cause.includes('revision 2') && state.cause.endsWith('applied'));
    expect(waiting?.deployments['courier/legacy-stable']).toMatchObject({ ready: true, running: { labels: expect.objectContaining({ version: 'v1.0.0' }) }, template: { secrets: ['absent'] } });
    expect(sim.current.deployments['courier/legacy-stable']).toMatchObject({ ready: true, template: { secrets: [], labels: expect.objectContaining({ version: 'v1.0.0' }) } });
    expect(JSON.parse((await helm('history', 'legacy', '-n', 'courier', '-o', 'json')).stdout).map((row: { status: string; description: string }) => [row.status, row.description])).toEqual([
      ['superseded', 'Install complete'],
      ['failed', 'Upgrade complete'],
      ['deployed', 'Rollback to 1'],
    ]);
  });

  it('installs from an oci:// reference pushed earlier, and fails like helm for one never pushed', async () => {
    const { sim, helm, chartsDir } = harness();
    prepareNamespace(sim);
    const packaged = expectSuccess(await helm('package', path.join(chartsDir, 'web'), '--destination', fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-sim-package-'))));
    const tgz = /saved it to: (.*\.tgz)/.exec(packaged.stdout)?.[1] as string;
    expectSuccess(await helm('registry', 'login', 'courier.azurecr.io', '--username', 'u', '--password-stdin'));
    expect(expectSuccess(await helm('push', tgz, 'oci://courier.azurecr.io/helm')).stdout).toContain('Pushed: courier.azurecr.io/helm/web:0.1.0');
    expectSuccess(await helm('upgrade', '--install', 'web', 'oci://courier.azurecr.io/helm/web', '--version', '0.1.0', '-n', 'courier', '--set-string', 'image.tag=v1.0.0'));
    expect(sim.current.deployments['courier/web-stable']).toBeDefined();
    const missing = await helm('upgrade', '--install', 'users', 'oci://courier.azurecr.io/helm/users', '-n', 'courier');
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Error: INSTALLATION FAILED: .*courier.azurecr.io\/helm\/users:latest: not found/) });
    expect(sim.registryLogins).toEqual(['courier.azurecr.io']);
  });
});
