import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeSimulators, expectSuccess, harness, installArgs, prepareNamespace } from './fixtures/cluster-sim/harness';

/** installArgs without --wait: the Deployment is left for kubectl to wait for. */
const installWithoutWait = (service: string, version: string, namespace = 'courier') => installArgs(service, version, namespace).filter((arg) => arg !== '--wait');

describe('cluster simulator: kubectl', () => {
  afterEach(closeSimulators);

  it('rollout status makes a new Deployment ready in a new state, and its pod runs the image of its revision', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installWithoutWait('users', 'v1.0.0')));
    expect(sim.current.deployments['courier/users-stable'].ready).toBe(false);
    const pending = expectSuccess(await kubectl('get', 'pods', '-n', 'courier', '-l', 'app=users', '-o', 'jsonpath={.items[*].status.phase}'));
    expect(pending.stdout).toBe('Pending');

    const states = sim.states.length;
    const reply = expectSuccess(await kubectl('rollout', 'status', 'deployment/users-stable', '--namespace', 'courier', '--timeout', '5m'));
    expect(reply.stdout).toBe('deployment "users-stable" successfully rolled out\n');
    expect(sim.states.length).toBe(states + 1);
    expect(sim.current.deployments['courier/users-stable'].ready).toBe(true);
    const pods = JSON.parse(expectSuccess(await kubectl('get', 'pods', '-n', 'courier', '-o', 'json')).stdout);
    expect(pods.items.map((pod: { spec: { containers: { image: string }[] } }) => pod.spec.containers.map((container) => container.image))).toEqual([['docker.io/courier/users:v1.0.0', 'docker.io/istio/proxyv2']]);

    // Waiting again changes nothing, so it records no state.
    expectSuccess(await kubectl('rollout', 'status', 'deployment/users-stable', '-n', 'courier'));
    expect(sim.states.length).toBe(states + 1);
  });

  it('an upgraded Deployment keeps serving its old pods until it is waited for', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('users', 'v1.0.0')));
    expectSuccess(await helm(...installWithoutWait('users', 'v1.1.0')));
    expect(sim.current.deployments['courier/users-stable']).toMatchObject({ ready: true, running: { labels: expect.objectContaining({ version: 'v1.0.0' }) } });
    expectSuccess(await kubectl('wait', 'deployment', '-l', 'app=users', '--for=condition=Available', '-n', 'courier', '--timeout=180s'));
    expect(sim.current.deployments['courier/users-stable'].running?.labels.version).toBe('v1.1.0');
  });

  it('a Deployment that does not exist, or whose Secret is missing, fails as kubectl does', async () => {
    const { sim, kubectl } = harness();
    prepareNamespace(sim);
    expect(await kubectl('rollout', 'status', 'deployment/users-canary', '-n', 'courier')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): deployments.apps "users-canary" not found\n' });
    expect(await kubectl('wait', 'deployment', '-l', 'app=users', '--for=condition=Available', '-n', 'courier')).toMatchObject({ code: 1, stderr: 'error: no matching resources found\n' });

    const manifest = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'orphan', labels: { app: 'orphan' } },
      spec: { template: { metadata: { labels: { app: 'orphan' } }, spec: { containers: [{ name: 'orphan', image: 'orphan:v1', envFrom: [{ secretRef: { name: 'absent' } }] }] } } },
    });
    expect(expectSuccess(await sim.handle({ tool: 'kubectl', args: ['apply', '-f', '-', '-n', 'courier'], cwd: '/', stdin: manifest })).stdout).toBe('deployment.apps/orphan created\n');
    const stuck = await kubectl('rollout', 'status', 'deployment/orphan', '-n', 'courier');
    expect(stuck).toMatchObject({ code: 1, stderr: 'error: timed out waiting for the condition\n' });
    expect(sim.current.deployments['courier/orphan'].ready).toBe(false);
    const reason = await kubectl('get', 'pods', '-n', 'courier', '-o', 'jsonpath={.items[0].status.containerStatuses[0].state.waiting.reason}');
    expect(reason.stdout).toBe('CreateContainerConfigError');
  });

  it('prepares a namespace the way the pipeline script does: dry-run YAML piped to apply, then a label', async () => {
    const { sim, kubectl, kubectlWithInput } = harness();
    const namespace = expectSuccess(await kubectl('create', 'namespace', 'courier-qa', '--dry-run=client', '-o', 'yaml'));
    expect(namespace.stdout).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: courier-qa\nspec: {}\nstatus: {}\n');
    expect(expectSuccess(await kubectlWithInput(namespace.stdout, 'apply', '-f', '-')).stdout).toBe('namespace/courier-qa created\n');
    expect(expectSuccess(await kubectlWithInput(namespace.stdout, 'apply', '-f', '-')).stdout).toBe('namespace/courier-qa unchanged\n');
    expect(expectSuccess(await kubectl('label', 'namespace', 'courier-qa', 'istio-injection=enabled', '--overwrite')).stdout).toBe('namespace/courier-qa labeled\n');

    const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-sim-secret-')), 'url');
    fs.writeFileSync(secretFile, 'postgresql://qa');
    const secret = expectSuccess(await kubectl('create', 'secret', 'generic', 'courier-database', '--namespace', 'courier-qa', `--from-file=DATABASE_URL=${secretFile}`, '--dry-run=client', '--output', 'yaml'));
    expect(expectSuccess(await kubectlWithInput(secret.stdout, 'apply', '-f', '-')).stdout).toBe('secret/courier-database created\n');

    expect(sim.current.namespaces['courier-qa']).toEqual({ 'istio-injection': 'enabled' });
    const stored = expectSuccess(await kubectl('get', 'secret', 'courier-database', '-n', 'courier-qa', '-o', 'jsonpath={.data.DATABASE_URL}'));
    expect(Buffer.from(stored.stdout, 'base64').toString()).toBe('postgresql://qa');
    expect((await kubectl('label', 'namespace', 'courier-qa', 'istio-injection=disabled')).stderr).toBe("error: 'istio-injection' already has a value (enabled), and --overwrite is false\n");
    expect(expectSuccess(await kubectl('get', 'namespaces', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}')).stdout).toBe('courier-qa\n');
  });

  it('deletes objects, and a namespace with everything in it', async () => {
    const { sim, helm, kubectl } = harness();
    prepareNamespace(sim);
    expectSuccess(await helm(...installArgs('users', 'v1.0.0')));
    expect(expectSuccess(await kubectl('delete', 'deployment', 'users-stable', '-n', 'courier')).stdout).toBe('deployment.apps "users-stable" deleted\n');
    expect(sim.current.deployments['courier/users-stable']).toBeUndefined();
    expect((await kubectl('delete', 'secret', 'absent', '-n', 'courier')).stderr).toBe('Error from server (NotFound): secrets "absent" not found\n');
    expectSuccess(await kubectl('delete', 'secret', 'absent', '-n', 'courier', '--ignore-not-found'));
    expectSuccess(await kubectl('delete', 'namespace', 'courier'));
    expect(Object.keys(sim.current.objects).filter((key) => key.startsWith('courier/'))).toEqual([]);
    expect(sim.current.namespaces.courier).toBeUndefined();
  });

  it('refuses what it does not model instead of half-answering', async () => {
    const { kubectl, helm } = harness();
    expect(await kubectl('drain', 'node-1')).toMatchObject({ code: 1, stderr: 'error: the cluster simulator does not model "kubectl drain"\n' });
    expect((await helm('upgrade', 'x', 'y', '--no-such-flag')).stderr).toContain('unknown flag: --no-such-flag');
  });
});
