import { findObject, ofKind } from '../src/kube-object';
import { routeTable } from '../src/route-table';
import { renderScenario } from '../src/scenario-rendering';
import { scenarioNames } from '../src/scenarios';
import { hasDatabase, SERVICE_CHARTS } from '../src/service-charts';

describe.each(scenarioNames)('routing: %s', (_name, scenario) => {
  const objects = () => renderScenario(scenario).objects;
  const service = scenario.service;

  it(`routes ${service} as the rollout values say`, () => {
    expect(routeTable(findObject(objects(), 'VirtualService', service))).toEqual(scenario.routes);
  });

  it(`runs one Deployment per routed track of ${service}`, () => {
    const deployments = ofKind(objects(), 'Deployment').map((deployment) => deployment.metadata.name).filter((name) => name.startsWith(`${service}-`));
    expect(deployments).toEqual(scenario.deployments);
  });

  it('defines a DestinationRule subset for exactly the deployed tracks', () => {
    const subsets = (findObject(objects(), 'DestinationRule', service).spec?.subsets as { name: string }[]).map((subset) => `${service}-${subset.name}`);
    expect(subsets.sort()).toEqual([...scenario.deployments].sort());
  });

  it('gives each track its version and track in the pod labels and APP_VERSION / APP_TRACK', () => {
    for (const name of scenario.deployments) {
      const pod = findObject(objects(), 'Deployment', name).spec?.template as { metadata: { labels: Record<string, string> }; spec: { containers: { env: { name: string; value?: string }[] }[] } };
      const env = Object.fromEntries(pod.spec.containers[0].env.map((variable) => [variable.name, variable.value]));
      const track = name.slice(service.length + 1);
      expect(pod.metadata.labels.track).toBe(track);
      expect(env.APP_TRACK).toBe(track);
      expect(env.APP_VERSION).toBe(pod.metadata.labels.version);
    }
  });

  if (hasDatabase(service)) {
    it('migrates the database with the newest deployed image, before install and upgrade', () => {
      const job = findObject(objects(), 'Job', `${service}-migrate`);
      const container = (job.spec?.template as { spec: { containers: { image: string; command: string[] }[] } }).spec.containers[0];
      expect(container.image).toMatch(new RegExp(`/courier/${service}:${scenario.migrationTag.replace(/\./g, '\\.')}$`));
      expect(container.command).toEqual(['node', 'dist/migrate.js']);
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    });
  }

  if (service === 'web') {
    it('routes the ingress gateway like the mesh, on the public paths (public-ingress.spec.ts)', () => {
      expect(routeTable(findObject(objects(), 'VirtualService', 'web-ingress'), { ignorePaths: true })).toEqual(scenario.routes);
    });
  }

  it('leaves the other services on stable only', () => {
    for (const other of SERVICE_CHARTS.filter((name) => name !== service)) {
      expect(routeTable(findObject(objects(), 'VirtualService', other))).toEqual([{ name: 'primary', when: 'always', to: { stable: 100 } }]);
    }
  });
});
