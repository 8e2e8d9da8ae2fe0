import * as fs from 'node:fs';
import * as path from 'node:path';
import { NxProjectGraph } from '../src/nx-project-graph';
import { branchMatches, dockerBuildInputs, expectedPathFilters, pathFilterDrift, pathMatches, SERVICE_DOCKERFILE, triggersOn, type PathFilter } from '../src/path-filters';
import { loadPipelineYaml } from '../src/pipeline-yaml';
import { workspaceRoot } from '../src/workspace-paths';

interface ServicePipeline {
  trigger: { batch?: boolean; branches: { include: string[] }; paths: PathFilter };
  pr: { branches: { include: string[] }; paths: PathFilter };
}

const load = (service: string) => loadPipelineYaml(`pipelines/${service}.yml`) as unknown as ServicePipeline;
// One Dockerfile for every service; what it reads depends on the service it is built for.
const dockerfileOf = (_service: string) => fs.readFileSync(path.join(workspaceRoot, SERVICE_DOCKERFILE), 'utf8');

// Built while jest collects the tests, so each service the graph knows gets tests named after it.
const graph = NxProjectGraph.fromWorkspace();
const services = graph.services();

describe('service pipelines and the Nx project graph', () => {
  it('knows the services', () => {
    expect(services).toEqual(expect.arrayContaining(['delivery', 'users', 'web']));
  });

  describe.each(services)('pipelines/%s.yml', (service) => {
    it('exists', () => {
      expect(fs.existsSync(path.join(workspaceRoot, 'pipelines', `${service}.yml`))).toBe(true);
    });

    it('filters only on paths that exist', () => {
      const pipeline = load(service);
      const missing = [...(pipeline.trigger.paths.include ?? []), ...(pipeline.pr.paths.include ?? [])].filter((p) => !fs.existsSync(path.join(workspaceRoot, p)));
      expect(missing).toEqual([]);
    });

    // The name is older than the image inputs it now also checks; tests/generators asserts it by name.
    it('filters on the service, its chart, the library chart, its libs per the Nx graph and the pipeline, and nothing else', () => {
      const pipeline = load(service);
      const expected = expectedPathFilters(service, graph.root(service), graph.transitiveLibRoots(service), dockerBuildInputs(dockerfileOf(service), service));
      expect([
        ...pathFilterDrift(`pipelines/${service}.yml trigger`, pipeline.trigger.paths.include ?? [], expected),
        ...pathFilterDrift(`pipelines/${service}.yml pr`, pipeline.pr.paths.include ?? [], expected),
      ]).toEqual([]);
    });
  });

  it('a lib dependency added to the graph but not to the filter fails, naming the path', () => {
    const actual = load('web').trigger.paths.include ?? [];
    const inputs = dockerBuildInputs(dockerfileOf('web'), 'web');
    const expected = expectedPathFilters('web', 'services/web', [...graph.transitiveLibRoots('web'), 'libs/db'].sort(), inputs);
    expect(pathFilterDrift('pipelines/web.yml trigger', actual, expected)).toEqual([
      'pipelines/web.yml trigger: path filter is missing libs/db (needed by the Nx project graph)',
    ]);
    const fewer = expectedPathFilters('web', 'services/web', ['libs/contracts'], inputs);
    expect(pathFilterDrift('pipelines/web.yml trigger', actual, fewer)).toEqual([
      'pipelines/web.yml trigger: path filter has libs/service-kit, which neither the Nx project graph, the image build nor the pipeline justifies',
    ]);
  });

  describe('what the image build reads', () => {
    it('is read from the Dockerfile: COPY and bind-mount sources from the context, ${SERVICE} expanded, .dockerignore, partly read paths narrowed', () => {
      expect(dockerBuildInputs(dockerfileOf('delivery'), 'delivery')).toEqual([
        '.dockerignore', 'jest.preset.js', 'nx.json', 'package-lock.json', 'package.json', 'services/Dockerfile', 'services/delivery',
        'tools/image', 'tools/image/npm-ci-target.sh', 'tools/image/testrunner.sh', 'tools/swc-build.js', 'tools/testenv', 'tsconfig.base.json',
      ]);
    });

    it('skips what comes from another stage or image (--from, from=), and reads ADD and `src=` too', () => {
      const dockerfile = [
        'FROM node AS a',
        'COPY --from=manifests /manifests/ ./',
        'COPY --chown=node:node scripts/a.sh \\',
        '     scripts/b.sh /opt/',
        'ADD ./vendor/ /vendor/',
        'RUN --mount=type=cache,target=/root/.npm --mount=type=bind,from=build,source=/repo,target=/repo \\',
        '    --mount=type=bind,src=tools/x/run.sh,target=/run.sh /run.sh',
      ].join('\n');
      expect(dockerBuildInputs(dockerfile, 'users')).toEqual(['.dockerignore', 'scripts/a.sh', 'scripts/b.sh', 'services/Dockerfile', 'tools/x/run.sh', 'vendor']);
    });

    it('fails the filter check when the Dockerfile reads a path the filter does not cover, naming it', () => {
      const dockerfile = `${dockerfileOf('users')}\nCOPY tools/brand-new/ tools/brand-new/\n`;
      const expected = expectedPathFilters('users', 'services/users', graph.transitiveLibRoots('users'), dockerBuildInputs(dockerfile, 'users'));
      expect(pathFilterDrift('pipelines/users.yml trigger', load('users').trigger.paths.include ?? [], expected)).toEqual([
        'pipelines/users.yml trigger: path filter is missing tools/brand-new (needed by the image build)',
      ]);
    });

    it('narrows `COPY . .` to the lockfile and root manifest only while the manifests stage keeps nothing but package manifests', () => {
      for (const service of services) {
        const manifests = /FROM [^\n]* AS manifests\n([\s\S]*?)\nFROM /.exec(dockerfileOf(service))?.[1] ?? '';
        expect(manifests).toContain('COPY . .');
        const copies = manifests.match(/\bcp\b[^&;\n]*/g) ?? [];
        expect(copies).toEqual(['cp package.json package-lock.json /manifests/ \\', 'cp --parents {} /manifests/ \\']);
        expect(manifests).toContain('-name package.json -exec cp --parents');
      }
    });
  });

  it('the lib dependencies come from the graph (transitively)', () => {
    for (const service of services) {
      expect(graph.transitiveLibRoots(service).every((root) => root.startsWith('libs/'))).toBe(true);
    }
    // service-kit depends on contracts, so anything using service-kit watches contracts too.
    for (const service of services) {
      if (graph.transitiveLibRoots(service).includes('libs/service-kit')) {
        expect(graph.transitiveLibRoots(service)).toContain('libs/contracts');
      }
    }
  });

  it('branch filters: main, release/<svc>/v*, feature/<svc>/*, batched; PRs into main and release', () => {
    for (const service of services) {
      const { trigger, pr } = load(service);
      expect(trigger.batch).toBe(true);
      expect(trigger.branches.include).toEqual(['main', `release/${service}/v*`, `feature/${service}/*`]);
      expect(pr.branches.include).toEqual(['main', `release/${service}/v*`]);
      expect(pr.paths).toEqual(trigger.paths);
      const runs = (branch: string) => trigger.branches.include.some((p) => branchMatches(p, branch));
      expect(runs(`refs/heads/release/${service}/v1.2.3`)).toBe(true);
      expect(runs(`feature/${service}/faster-login`)).toBe(true);
      expect(runs('main')).toBe(true);
      const other = services.find((s) => s !== service) as string;
      expect(runs(`release/${other}/v1.2.3`)).toBe(false);
      expect(runs(`feature/${other}/x`)).toBe(false);
      expect(runs('develop')).toBe(false);
    }
  });

  describe('simulated path-filter triggering', () => {
    const triggered = (files: string[]) => services.filter((s) => triggersOn(load(s).trigger.paths, files)).sort();
    const dependents = (libRoot: string) => services.filter((s) => graph.transitiveLibRoots(s).includes(libRoot)).sort();

    it('a service change triggers only that service', () => {
      for (const service of services) expect(triggered([`services/${service}/src/main.ts`])).toEqual([service]);
      expect(triggered(['charts/delivery/values.yaml'])).toEqual(['delivery']);
    });

    it('a lib change triggers exactly the services that depend on it in the graph', () => {
      for (const lib of ['libs/contracts', 'libs/db', 'libs/service-kit']) {
        expect(triggered([`${lib}/src/index.ts`])).toEqual(dependents(lib));
      }
    });

    it('shared chart and template changes trigger every service; docs and other tools trigger none', () => {
      expect(triggered(['charts/courier-lib/templates/_deployment.tpl'])).toEqual([...services].sort());
      expect(triggered(['pipelines/templates/ci.yml'])).toEqual([...services].sort());
      expect(triggered(['README.md', 'docs/containers.md', 'tools/loadgen/src/cli.ts', 'charts/courier/Chart.yaml'])).toEqual([]);
    });

    it('a dependency bump or a change to the image tooling rebuilds every service', () => {
      for (const file of ['package-lock.json', 'package.json', 'nx.json', 'tsconfig.base.json', '.dockerignore', 'tools/image/assemble-app.sh', 'tools/testenv/src/index.ts']) {
        expect([file, triggered([file])]).toEqual([file, [...services].sort()]);
      }
      expect(triggered(['pipelines/users.yml'])).toEqual(['users']);
    });

    it('matches like Azure: folder prefixes, not string prefixes; wildcards; excludes win', () => {
      expect(pathMatches('services/web', 'services/web/src/a.ts')).toBe(true);
      expect(pathMatches('services/web', 'services/webhooks/a.ts')).toBe(false);
      expect(pathMatches('pipelines/web.yml', 'pipelines/web.yml')).toBe(true);
      expect(pathMatches('libs/*/src', 'libs/db/src/x.ts')).toBe(true);
      expect(pathMatches('**/*.md', 'docs/a/b.md')).toBe(true);
      expect(triggersOn({ include: ['services/web'], exclude: ['services/web/docs'] }, ['services/web/docs/x.md'])).toBe(false);
      expect(triggersOn(undefined, ['anything'])).toBe(true);
    });
  });
});
