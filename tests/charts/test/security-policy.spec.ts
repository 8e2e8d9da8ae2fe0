import { findObject, type KubeObject } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';
import { securityPolicyViolations, workloadsOf } from '../src/security-policy';
import { hasDatabase, SERVICE_CHARTS } from '../src/service-charts';

describe.each(scenarioNames)('security policy: %s', (_name, scenario) => {
  it('holds for every workload: non-root, read-only root, no escalation, no capabilities, seccomp, resources, pinned images, probes, PDB', () => {
    const { objects } = renderScenario(scenario);
    expect(workloadsOf(objects).length).toBeGreaterThanOrEqual(6);
    expect(securityPolicyViolations(objects)).toEqual([]);
  });
});

describe('every service container', () => {
  const objects = renderScenario(SCENARIOS[0]).objects;
  it.each(SERVICE_CHARTS.map((service) => `${service}-stable`))('%s probes /healthz for liveness and /readyz for readiness', (name) => {
    const container = (findObject(objects, 'Deployment', name).spec?.template as { spec: { containers: Record<string, { httpGet: { path: string } }>[] } }).spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it.each(SERVICE_CHARTS.filter(hasDatabase).map((service) => `${service}-stable`))('%s reads its database URL from the Secret and leaves migrations to the Job', (name) => {
    const env = (findObject(objects, 'Deployment', name).spec?.template as { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } }).spec.containers[0].env;
    expect(env.find((variable) => variable.name === 'DATABASE_URL')).toEqual({
      name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'courier-database', key: 'DATABASE_URL' } },
    });
    expect(env.find((variable) => variable.name === 'DATABASE_MIGRATE_ON_START')?.value).toBe('false');
  });
});

/** Each rule must fail when broken, with a message naming the workload and the rule. */
describe('the security policy check', () => {
  const broken = (change: (container: Record<string, unknown>, objects: KubeObject[]) => void, deployment = 'delivery-stable') => {
    const objects = structuredClone(renderScenario(SCENARIOS[0]).objects);
    const pod = findObject(objects, 'Deployment', deployment).spec?.template as { spec: { containers: Record<string, unknown>[] } };
    change(pod.spec.containers[0], objects);
    return securityPolicyViolations(objects);
  };
  const securityOf = (container: Record<string, unknown>) => container.securityContext as Record<string, unknown>;

  it.each([
    ['a writable root filesystem', (c: Record<string, unknown>) => { securityOf(c).readOnlyRootFilesystem = false; }, 'has a writable root filesystem'],
    ['privilege escalation', (c: Record<string, unknown>) => { delete securityOf(c).allowPrivilegeEscalation; }, 'does not set allowPrivilegeEscalation: false'],
    ['kept capabilities', (c: Record<string, unknown>) => { securityOf(c).capabilities = { drop: ['NET_RAW'] }; }, 'does not drop ALL capabilities'],
    ['an unconfined seccomp profile', (c: Record<string, unknown>) => { securityOf(c).seccompProfile = { type: 'Unconfined' }; }, 'has no RuntimeDefault seccomp profile'],
    ['the latest tag', (c: Record<string, unknown>) => { c.image = 'docker.io/courier/delivery:latest'; }, 'image docker.io/courier/delivery:latest uses the floating tag latest'],
    ['no tag', (c: Record<string, unknown>) => { c.image = 'docker.io/courier/delivery'; }, 'image docker.io/courier/delivery is not pinned to a tag'],
    ['no readiness probe', (c: Record<string, unknown>) => { delete c.readinessProbe; }, 'serves a port without a readiness probe'],
    ['no memory limit', (c: Record<string, unknown>) => { c.resources = { requests: { cpu: '50m', memory: '64Mi' } }; }, 'has no memory limit'],
    ['credentials in plain env', (c: Record<string, unknown>) => { (c.env as unknown[]).push({ name: 'X_URL', value: 'postgresql://u:secret@db/x' }); }, 'puts credentials in plain env X_URL'],
  ])('reports %s', (_what, change, message) => {
    expect(broken(change)).toContain(`Deployment/delivery-stable container delivery ${message}`);
  });

  it('reports a serving Deployment without a PodDisruptionBudget', () => {
    expect(broken((_container, objects) => {
      objects.splice(objects.findIndex((object) => object.kind === 'PodDisruptionBudget' && object.metadata.name === 'delivery-stable'), 1);
    })).toContain('Deployment/delivery-stable has no PodDisruptionBudget selecting its pods');
  });
});
