import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COURIER_VALUES_FILES, KIND_SERVICE_VALUES, PLATFORM_RELEASE, valuesFilesFor } from '../src/environment-values';
import { resolveKubernetesTool } from '../src/kubernetes-tools';
import { localBuildVersion } from '../src/kind-version';
import { UPSTREAM_CHARTS } from '../src/upstream-charts';
import { workspaceServices } from '../src/workspace-services';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const services = workspaceServices(ROOT);

/**
 * The real helm, on a copy of charts/ (dependency build writes into the charts): each release as an
 * environment installs it, with the versions the cluster script and the pipeline pass, must pass
 * `helm lint --strict`, which applies each chart's values.schema.json.
 */
describe('Courier values files per environment, linted with each release they configure', () => {
  let charts: string;
  let helm: string;
  const run = (...args: string[]) => spawnSync(helm, args, { cwd: charts, encoding: 'utf8' });

  beforeAll(() => {
    helm = resolveKubernetesTool('helm', ROOT).path;
    charts = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-env-values-'));
    fs.cpSync(path.join(ROOT, 'charts'), charts, { recursive: true });
    for (const chart of [...services, PLATFORM_RELEASE]) {
      const built = run('dependency', 'build', chart, '--skip-refresh');
      if (built.status !== 0) throw new Error(`helm dependency build ${chart}: ${built.stderr}`);
    }
  }, 60_000);

  afterAll(() => {
    if (charts) fs.rmSync(charts, { recursive: true, force: true });
  });

  const lint = (release: string, files: string[], version?: string) => {
    const versionFlags = version ? ['--set-string', `image.tag=${version}`, '--set-string', `tracks.stable.version=${version}`] : [];
    const result = run('lint', '--strict', release, ...files.flatMap((file) => ['-f', path.join(ROOT, file)]), ...versionFlags);
    return { release, files, status: result.status, ...(result.status === 0 ? {} : { output: result.stdout + result.stderr }) };
  };

  it.each(['kind', 'aks'] as const)('%s: every service release passes with its files and a version such as the pipeline or the cluster script passes', (environment) => {
    const versions = environment === 'kind' ? [localBuildVersion('0123456')] : ['v1.2.3', 'v0.0.0-g0123456'];
    for (const service of services) {
      for (const version of versions) {
        expect(lint(service, valuesFilesFor(environment, service), version)).toEqual({ release: service, files: valuesFilesFor(environment, service), status: 0 });
      }
    }
  });

  it('aks: the platform release passes with its file', () => {
    expect(lint(PLATFORM_RELEASE, valuesFilesFor('aks', PLATFORM_RELEASE))).toEqual({ release: PLATFORM_RELEASE, files: ['k8s/aks/courier.values.yaml'], status: 0 });
  });

  it('the lint really checks the values: a service without a version is refused', () => {
    expect(lint('users', [KIND_SERVICE_VALUES]).status).not.toBe(0);
  });
});

describe('the values files under k8s/kind and k8s/aks', () => {
  it('are each either an upstream chart\'s or listed in COURIER_VALUES_FILES, and every listed file exists', () => {
    const upstream = new Set<string>(Object.values(UPSTREAM_CHARTS).map((chart) => chart.valuesFile));
    const listed = new Set(COURIER_VALUES_FILES.map((file) => file.valuesFile));
    const present = ['k8s/kind', 'k8s/aks'].flatMap((directory) => fs.readdirSync(path.join(ROOT, directory))
      .filter((name) => name.endsWith('.values.yaml')).map((name) => `${directory}/${name}`));
    expect(present.filter((file) => !upstream.has(file) && !listed.has(file))).toEqual([]);
    expect([...listed].filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it('give kind\'s service releases the file the cluster plan installs them with, and AKS\'s web the add-on caller file after the shared one', () => {
    expect(valuesFilesFor('kind', 'delivery')).toEqual([KIND_SERVICE_VALUES]);
    expect(valuesFilesFor('aks', 'web')).toEqual(['k8s/aks/services.values.yaml', 'k8s/aks/web.values.yaml']);
    expect(valuesFilesFor('kind', PLATFORM_RELEASE)).toEqual([]);
  });
});
