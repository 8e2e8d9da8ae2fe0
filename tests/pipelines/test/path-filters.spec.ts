import * as fs from 'node:fs';
import * as path from 'node:path';
import { NxProjectGraph } from '../src/nx-project-graph';
import { branchMatches, expectedPathFilters, pathFilterDrift, pathMatches, triggersOn, type PathFilter } from '../src/path-filters';
import { loadPipelineYaml } from '../src/pipeline-yaml';
import { workspaceRoot } from '../src/workspace-paths';

interface ServicePipeline {
  trigger: { batch?: boolean; branches: { include: string[] }; paths: PathFilter };
  pr: { branches: { include: string[] }; paths: PathFilter };
}

const load = (service: string) => loadPipelineYaml(`pipelines/${service}.yml`) as unknown as ServicePipeline;

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

    it('filters on the service, its chart, the library chart, its libs per the Nx graph and the pipeline, and nothing else', () => {
      const pipeline = load(service);
      const expected = expectedPathFilters(service, graph.root(service), graph.transitiveLibRoots(service));
      expect([
        ...pathFilterDrift(`pipelines/${service}.yml trigger`, pipeline.trigger.paths.include ?? [], expected),
        ...pathFilterDrift(`pipelines/${service}.yml pr`, pipeline.pr.paths.include ?? [], expected),
      ]).toEqual([]);
    });
  });

  it('a lib dependency added to the graph but not to the filter fails, naming the path', () => {
    const actual = load('web').trigger.paths.include ?? [];
    const expected = expectedPathFilters('web', 'services/web', [...graph.transitiveLibRoots('web'), 'libs/db'].sort());
    expect(pathFilterDrift('pipelines/web.yml trigger', actual, expected)).toEqual([
      'pipelines/web.yml trigger: path filter is missing libs/db (a dependency in the Nx project graph)',
    ]);
    const fewer = expectedPathFilters('web', 'services/web', ['libs/contracts']);
    expect(pathFilterDrift('pipelines/web.yml trigger', actual, fewer)).toEqual([
      'pipelines/web.yml trigger: path filter has libs/service-kit, which the Nx project graph does not justify',
    ]);
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
