import { type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { serviceGenerator } from '../src/service/service-generator';
import { readRepositoryFile, repositoryTree } from './repository-tree';

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';
const yamlOf = (tree: Tree, file: string) => parse(read(tree, file));

describe('service generator on the repository (in memory)', () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = repositoryTree();
    await serviceGenerator(tree, { name: 'fleet-tracker' });
  });

  it('scaffolds the NestJS service on service-kit', () => {
    expect(read(tree, 'services/fleet-tracker/src/main.ts')).toContain("runService({ service: 'fleet-tracker', configSchema: FleetTrackerConfigSchema, module: () => FleetTrackerModule })");
    expect(read(tree, 'services/fleet-tracker/src/fleet-tracker.controller.ts')).toContain("@Controller('fleet-tracker')");
    expect(read(tree, 'services/fleet-tracker/src/fleet-tracker.config.ts')).toContain('PORT: BaseConfigSchema.shape.PORT.default(3003)');
    expect(JSON.parse(read(tree, 'services/fleet-tracker/project.json'))).toMatchObject({ name: 'fleet-tracker', tags: ['scope:fleet-tracker', 'type:service'] });
    expect(tree.exists('services/fleet-tracker/test/fleet-tracker.api.spec.ts')).toBe(true);
  });

  it('declares what the code imports, at the versions users uses', () => {
    const users = JSON.parse(readRepositoryFile('services/users/package.json'));
    expect(JSON.parse(read(tree, 'services/fleet-tracker/package.json'))).toEqual({
      name: '@courier/fleet-tracker', version: '0.1.0', private: true, license: 'MIT', main: './dist/main.js',
      dependencies: { '@courier/service-kit': users.dependencies['@courier/service-kit'], '@nestjs/common': users.dependencies['@nestjs/common'], zod: users.dependencies.zod },
    });
  });

  it('needs no Dockerfile of its own: services/Dockerfile builds it with SERVICE=fleet-tracker', () => {
    expect(tree.exists('services/fleet-tracker/Dockerfile')).toBe(false);
    const container = JSON.parse(read(tree, 'services/fleet-tracker/project.json')).targets.container;
    expect(container.options.command).toBe('docker build -f services/Dockerfile --build-arg SERVICE={projectName} --target final -t courier/{projectName}:local .');
  });

  it('writes a stateless chart over courier-lib with the shared rollout block', () => {
    const values = yamlOf(tree, 'charts/fleet-tracker/values.yaml');
    const users = parse(readRepositoryFile('charts/users/values.yaml'));
    expect(values.image.repository).toBe('courier/fleet-tracker');
    expect(values.rollout).toEqual(users.rollout);
    expect(values.tracks).toEqual(users.tracks);
    expect(values.database).toEqual({ enabled: false });
    expect(values.migration).toBeUndefined();
    // Nobody calls it until a manifest says so (web's `calls`), so its AuthorizationPolicy admits nobody yet.
    expect(values.callers).toEqual([]);
    expect(read(tree, 'charts/fleet-tracker/templates/workload.yaml')).toContain('include "courier-lib.workload"');
    const schema = JSON.parse(read(tree, 'charts/fleet-tracker/values.schema.json'));
    expect(schema.title).toBe('fleet-tracker chart values');
    expect(schema.properties.database.properties.enabled).toEqual({ const: false });
    expect(schema.properties.rollout).toEqual(JSON.parse(readRepositoryFile('charts/users/values.schema.json')).properties.rollout);
    // Every other chart is left as it was: nothing calls the new service yet.
    for (const other of ['users', 'delivery', 'web']) expect(read(tree, `charts/${other}/values.yaml`)).toBe(readRepositoryFile(`charts/${other}/values.yaml`));
  });

  it('locks the chart dependencies with the digest helm computes (checked against the committed locks)', () => {
    // The same function wrote both: the committed users lock proves the digest matches helm's.
    expect(yamlOf(tree, 'charts/fleet-tracker/Chart.lock').digest).toBe(parse(readRepositoryFile('charts/users/Chart.lock')).digest);
    const umbrellaLock = yamlOf(tree, 'charts/courier/Chart.lock');
    expect(umbrellaLock.dependencies.map((d: { name: string }) => d.name)).toEqual(['users', 'delivery', 'web', 'fleet-tracker']);
    expect(umbrellaLock.digest).not.toBe(parse(readRepositoryFile('charts/courier/Chart.lock')).digest);
  });

  it('adds the service to the umbrella chart, its values and its closed schema, changing nothing else', () => {
    expect(yamlOf(tree, 'charts/courier/Chart.yaml').dependencies.at(-1)).toEqual({ name: 'fleet-tracker', version: '0.1.0', repository: 'file://../fleet-tracker', condition: 'fleet-tracker.enabled' });
    expect(read(tree, 'charts/courier/Chart.yaml')).toBe(`${readRepositoryFile('charts/courier/Chart.yaml')}  - name: fleet-tracker\n    version: 0.1.0\n    repository: file://../fleet-tracker\n    condition: fleet-tracker.enabled\n`);
    expect(read(tree, 'charts/courier/values.yaml')).toBe(readRepositoryFile('charts/courier/values.yaml').replace('web:\n  enabled: false\n', 'web:\n  enabled: false\nfleet-tracker:\n  enabled: false\n'));
    expect(Object.keys(JSON.parse(read(tree, 'charts/courier/values.schema.json')).properties)).toEqual(['global', 'users', 'delivery', 'web', 'fleet-tracker', 'routing', 'mesh', 'gateway', 'peerAuthentication', 'loadgen']);
  });

  it('path-filters the pipeline to the service, its chart, courier-lib, service-kit and what service-kit depends on, and what its image build reads', () => {
    const pipeline = yamlOf(tree, 'pipelines/fleet-tracker.yml');
    const expected = ['services/fleet-tracker', 'services/Dockerfile', 'charts/fleet-tracker', 'charts/courier-lib', 'libs/contracts', 'libs/service-kit', 'pipelines/fleet-tracker.yml', 'pipelines/templates', 'pipelines/scripts',
      '.dockerignore', 'package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'jest.preset.js', 'tools/testenv', 'tools/image', 'tools/swc-build.js'];
    expect(pipeline.trigger.paths.include).toEqual(expected);
    expect(pipeline.pr.paths.include).toEqual(expected);
    expect(pipeline.trigger.branches.include).toEqual(['main', 'release/fleet-tracker/v*', 'feature/fleet-tracker/*']);
    expect(pipeline.stages.map((stage: { parameters: { service: string } }) => stage.parameters.service)).toEqual(['fleet-tracker', 'fleet-tracker']);
  });

  it('writes its manifest, from which npm start, compose and the cluster pick it up: the next free port and mesh listener', () => {
    expect(yamlOf(tree, 'services/fleet-tracker/service.yaml')).toEqual({ name: 'fleet-tracker', port: 3003, meshListener: 15003, versions: ['v1'], calls: [], database: false });
    // Compose is generated from the manifests (render-compose-routing, as the next steps say): not edited here.
    expect(read(tree, 'docker-compose.yml')).toBe(readRepositoryFile('docker-compose.yml'));
  });

  it('needs no environment values of its own: every service release on kind and AKS takes the shared files', () => {
    for (const file of ['k8s/kind/services.values.yaml', 'k8s/aks/services.values.yaml']) {
      expect(read(tree, file)).toBe(readRepositoryFile(file));
    }
  });
});

describe('service generator input checks', () => {
  it.each([
    ['PricingAPI', 'is not kebab-case'],
    ['pricing_api', 'is not kebab-case'],
    ['1pricing', 'is not kebab-case'],
    ['users', 'is already an Nx project'],
    ['mesh', 'is reserved'],
    ['courier-lib', 'is reserved'],
  ])('refuses %s: %s', async (name, reason) => {
    await expect(serviceGenerator(repositoryTree(), { name })).rejects.toThrow(`Cannot generate service: "${name}" ${reason}`);
  });

  it('refuses a name whose chart or pipeline already exists, writing nothing', async () => {
    const tree = repositoryTree();
    tree.write('pipelines/pricing.yml', 'trigger: none\n');
    const before = tree.listChanges().length;
    await expect(serviceGenerator(tree, { name: 'pricing' })).rejects.toThrow('"pricing" is taken: pipelines/pricing.yml already exist');
    expect(tree.listChanges().length).toBe(before);
  });

  it('refuses a port another service has, and takes a free one', async () => {
    await expect(serviceGenerator(repositoryTree(), { name: 'pricing', port: 3001 })).rejects.toThrow('port 3001 is already used by users; choose another with --port');
    const tree = repositoryTree();
    await serviceGenerator(tree, { name: 'pricing', port: 4100 });
    expect(yamlOf(tree, 'services/pricing/service.yaml')).toMatchObject({ port: 4100 });
    // delivery v2 listens on 3012: a version's port is taken too.
    await expect(serviceGenerator(repositoryTree(), { name: 'pricing', port: 3012 })).rejects.toThrow('port 3012 is already used by delivery; choose another with --port');
    // So is a streams port: web's control-room events on 3005.
    await expect(serviceGenerator(repositoryTree(), { name: 'pricing', port: 3005 })).rejects.toThrow('port 3005 is already used by web; choose another with --port');
  });

  it('skips a port taken by streams when it picks one: the third new service gets 3006, not web\'s 3005', async () => {
    const tree = repositoryTree();
    for (const name of ['pricing', 'billing', 'returns']) await serviceGenerator(tree, { name });
    expect(['pricing', 'billing', 'returns'].map((name) => yamlOf(tree, `services/${name}/service.yaml`).port)).toEqual([3003, 3004, 3006]);
  });
});
