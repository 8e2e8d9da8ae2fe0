import fs from 'node:fs';
import path from 'node:path';
import { clusterDownPlan, clusterStatusPlan, clusterUpPlan } from '../src/cluster-plan';
import { PINNED_VERSIONS } from '../src/pinned-versions';
import { UPSTREAM_CHARTS } from '../src/upstream-charts';
import { workspaceServices } from '../src/workspace-services';
import { KIND_VERSION, localBuildVersion } from '../src/kind-version';
import { prerequisitesOf, programsOf } from '../src/prerequisites';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const target = { clusterName: 'courier', imageTag: 'v0.1.0', services: workspaceServices(ROOT) };
const up = clusterUpPlan(target);
const commands = up.map((step) => step.command.join(' '));
const indexOf = (fragment: string) => {
  const index = commands.findIndex((command) => command.includes(fragment));
  if (index < 0) throw new Error(`no step runs "${fragment}"`);
  return index;
};

describe('cluster up plan', () => {
  it('creates the cluster first, then Istio (CRDs, control plane, gateway), addons, the database, images, the platform release and the services last', () => {
    const order = [
      'kind create cluster',
      'apply -f k8s/istio/namespaces.yaml',
      'istio-base base',
      'istiod istiod',
      'istio-ingressgateway gateway',
      'apply -f k8s/istio/telemetry.yaml',
      'prometheus prometheus',
      'apply -k k8s/observability',
      'grafana grafana',
      'metrics-server metrics-server',
      'apply -k k8s/postgres',
      'rollout status statefulset/postgres',
      'docker build --file services/Dockerfile --build-arg SERVICE=users',
      'kind load docker-image courier/users:v0.1.0',
      'helm dependency build charts/users',
      'helm dependency build charts/courier',
      'upgrade --install courier charts/courier',
      'upgrade --install users charts/users',
      'upgrade --install web charts/web',
    ].map(indexOf);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.at(-1)).toBe(up.length - 1);
  });

  it('builds and loads every service image with the requested version as its tag', () => {
    for (const service of ['users', 'delivery', 'web']) {
      expect(commands).toContain(`docker build --file services/Dockerfile --build-arg SERVICE=${service} --target final --tag courier/${service}:v0.1.0 .`);
      expect(commands).toContain(`kind load docker-image courier/${service}:v0.1.0 --name courier`);
    }
  });

  it('installs each service as its own release, named after it, with the version as image tag and stable track version', () => {
    const releases = up.filter((step) => step.command.includes('charts/users') || step.command.includes('charts/delivery') || step.command.includes('charts/web'))
      .filter((step) => step.command.includes('--install'));
    expect(releases.map((step) => step.command.join(' '))).toEqual(['users', 'delivery', 'web'].map((service) =>
      `helm --kube-context kind-courier upgrade --install ${service} charts/${service} --namespace courier -f k8s/kind/services.values.yaml `
      // kind's gateway is on your machine: web's release also routes the control room there.
      + (service === 'web' ? '-f k8s/kind/web.values.yaml ' : '')
      + '--set-string image.tag=v0.1.0 --set-string tracks.stable.version=v0.1.0 --wait --timeout 10m'));
  });

  it('installs the platform release from charts/courier with no service in it (each service is its own release)', () => {
    const platform = up.find((step) => step.command.includes('charts/courier') && step.command.includes('--install'))!;
    expect(platform.command.join(' ')).toBe('helm --kube-context kind-courier upgrade --install courier charts/courier --namespace courier --wait --timeout 5m');
    const chart = parse(fs.readFileSync(path.join(ROOT, 'charts/courier/values.yaml'), 'utf8')) as Record<string, { enabled?: boolean }>;
    expect(target.services.map((service) => chart[service]?.enabled)).toEqual(target.services.map(() => false));
  });

  it('vendors the chart dependencies leaves first: service charts before the platform chart', () => {
    expect(indexOf('dependency build charts/web')).toBeLessThan(indexOf('dependency build charts/courier'));
  });

  it('pins the version of every remote chart, from PINNED_VERSIONS', () => {
    const remote = up.filter((step) => step.command.includes('--repo'));
    expect(remote).toHaveLength(9);
    for (const step of remote) {
      const version = step.command[step.command.indexOf('--version') + 1];
      expect(Object.values(PINNED_VERSIONS)).toContain(version);
    }
  });

  it('installs each chart of UPSTREAM_CHARTS once, in one mode or the other, as it maps it: the mapping the upstream-chart test renders', () => {
    const installsOf = (plan: typeof up) => plan.filter((step) => step.command.includes('--repo')).map((step) => {
      const option = (flag: string) => step.command[step.command.indexOf(flag) + 1];
      const release = step.command[step.command.indexOf('--install') + 1];
      const profile = step.command.includes('--set') ? { profile: option('--set').replace(/^profile=/, '') } : {};
      return { release, chart: step.command[step.command.indexOf('--install') + 2], repository: option('--repo'), version: option('--version'), namespace: option('--namespace'), valuesFile: option('-f'), ...profile };
    });
    const ambient = installsOf(clusterUpPlan({ ...target, mode: 'ambient' }));
    const key = (chart: object) => JSON.stringify(chart);
    const everyInstall = new Set([...installsOf(up), ...ambient].map(key));
    expect([...everyInstall].sort()).toEqual(Object.values(UPSTREAM_CHARTS).map(key).sort());
    // The addons are the same in both modes; only the mesh differs.
    const mesh = ['istio-base', 'istiod', 'istio-ingressgateway', 'istio-cni', 'ztunnel'];
    expect(installsOf(up).filter((chart) => !mesh.includes(chart.release))).toEqual(ambient.filter((chart) => !mesh.includes(chart.release)));
  });

  it('in ambient mode, differs from the sidecar plan only in the mesh it installs and the values it gives the releases', () => {
    const ambient = clusterUpPlan({ ...target, mode: 'ambient' }).map((step) => step.command.join(' '));
    const strip = (command: string) => command.replace(/ -f k8s\/kind\/ambient\/\S+/g, '');
    const meshStep = /namespaces\.yaml|gateway-api|--install (istio-base|istiod|istio-ingressgateway|istio-cni|ztunnel) /;
    expect(ambient.filter((command) => !meshStep.test(command)).map(strip)).toEqual(commands.filter((command) => !meshStep.test(command)));
    expect(ambient.filter((command) => /--install (courier|users|delivery|web) /.test(command)).every((command) => command.includes('-f k8s/kind/ambient/'))).toBe(true);
  });

  it('points every kubectl and helm call at the kind context, never the current one', () => {
    for (const step of up) {
      const [program, flag, value] = step.command;
      if (program === 'kubectl') expect([flag, value]).toEqual(['--context', 'kind-courier']);
      if (program === 'helm' && step.command[1] !== 'dependency') expect([flag, value]).toEqual(['--kube-context', 'kind-courier']);
    }
  });

  it('only references files and directories that exist in the repository', () => {
    const pathFlags = new Set(['-f', '-k', '--config', '--file']);
    const referenced = up.flatMap((step) => step.command.filter((argument, index) =>
      pathFlags.has(step.command[index - 1]) || argument.startsWith('charts/')));
    expect(referenced.length).toBeGreaterThan(15);
    const missing = referenced.filter((file) => !file.startsWith('services/') && !fs.existsSync(path.join(ROOT, file)));
    expect(missing).toEqual([]);
  });

  it('uses the kind node image pinned in PINNED_VERSIONS', () => {
    expect(fs.readFileSync(path.join(ROOT, 'k8s/kind/cluster.yaml'), 'utf8')).toContain(`image: ${PINNED_VERSIONS.kindNodeImage}`);
  });

  it('skips creating the cluster when it already exists, so `up` can be re-run', () => {
    expect(up[0].skipWhen?.command).toEqual(['kind', 'get', 'kubeconfig', '--name', 'courier']);
  });
});

describe('the version of a local build', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'charts/users/values.schema.json'), 'utf8')) as {
    definitions: { imageTag: { pattern: string }; track: { properties: { version: { pattern: string } } } };
  };
  const trackVersion = new RegExp(schema.definitions.track.properties.version.pattern);
  const imageTag = new RegExp(schema.definitions.imageTag.pattern);

  it('is v0.0.0-dev.g<sha>, which the charts accept as both image tag and track version, even for an all-digit SHA', () => {
    for (const sha of ['1a2b3c4', '0123456']) {
      const version = localBuildVersion(sha);
      expect(version).toBe(`v0.0.0-dev.g${sha}`);
      expect([KIND_VERSION.test(version), trackVersion.test(version), imageTag.test(version)]).toEqual([true, true, true]);
    }
  });

  it('accepts as --tag only what the charts accept as a track version', () => {
    for (const tag of ['latest', '0.1.0', '1234567', 'V1.0.0', 'v1.0.0+build']) {
      expect([tag, KIND_VERSION.test(tag)]).toEqual([tag, false]);
      expect(trackVersion.test(tag) && imageTag.test(tag)).toBe(false);
    }
  });
});

describe('prerequisites', () => {
  it.each([
    ['up', clusterUpPlan(target)],
    ['down', clusterDownPlan(target)],
    ['status', clusterStatusPlan(target)],
  ] as const)('cover every program the %s plan runs', (action, plan) => {
    expect([...prerequisitesOf(action)].sort()).toEqual(programsOf(plan).sort());
  });
});
