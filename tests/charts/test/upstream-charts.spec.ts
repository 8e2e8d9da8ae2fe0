import fs from 'node:fs';
import path from 'node:path';
import { COURIER_VALUES_FILES, packagedFileName, PINNED_VERSIONS, UPSTREAM_CHARTS, type UpstreamChart } from '@courier/cluster';
import { parse } from 'yaml';
import { readChartPackage } from '../src/chart-package';
import { findObject, type KubeObject, ofKind } from '../src/kube-object';
import { kustomize } from '../src/kustomize';
import { podTargetLabels, type RelabelConfig, relabel } from '../src/prometheus-relabel';
import { SCENARIOS } from '../src/scenarios';
import { renderUpstream, vendoredPackage } from '../src/upstream-rendering';
import { unknownValueKeys } from '../src/values-keys';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';
import { inWorkspace, WORKSPACE_ROOT } from '../src/workspace-paths';

// Every k8s/**/*.values.yaml rendered with its real upstream chart, at the pinned version, from the
// official packages in ../shared/vendor/charts (helm template, the real helm).

/** Charts that cannot be rendered here, and why; the test fails if one of them becomes available. */
const NOT_VENDORED: Partial<Record<keyof typeof UPSTREAM_CHARTS, string>> = {
  jaeger: "its package depends on a chart from a repository that cannot be reached (../shared/vendor/README.md)",
  metricsServer: 'its package is not among the official artefacts in ../shared/vendor (README.md lists them)',
};

/**
 * Keys below which a values file is not checked key by key, because the chart documents them as
 * free-form maps it passes through unchanged. Everything else must be a key the chart knows.
 */
const FREE_FORM: Partial<Record<keyof typeof UPSTREAM_CHARTS, readonly string[]>> = {
  // Istio's MeshConfig, written verbatim into the `istio` ConfigMap; its fields are the MeshConfig
  // reference on istio.io, not chart values.
  istiod: ['meshConfig'],
  istiodAmbient: ['meshConfig'],
  // grafana.ini is Grafana's own ini file as YAML (any section), and `datasources` maps file names to
  // Grafana provisioning files; the chart's README documents both as passed through.
  grafana: ['grafana.ini', 'datasources'],
  // external_services is copied into Kiali's config as is; its fields are the Kiali CR reference.
  kiali: ['external_services'],
};

const CHARTS = Object.entries(UPSTREAM_CHARTS) as [keyof typeof UPSTREAM_CHARTS, UpstreamChart][];
const RENDERABLE = CHARTS.filter(([key]) => !NOT_VENDORED[key]);
const readYaml = (file: string) => parse(fs.readFileSync(inWorkspace(file), 'utf8'));
const configMapData = (objects: readonly KubeObject[], name: string) => findObject(objects, 'ConfigMap', name).data as Record<string, string>;

function valuesFilesUnder(directory: string): string[] {
  return fs.readdirSync(inWorkspace(directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${directory}/${entry.name}`;
    if (entry.isDirectory()) return valuesFilesUnder(relative);
    return entry.name.endsWith('.values.yaml') ? [relative] : [];
  });
}

const vendorPresent = vendorArtefactsPresent('upstream charts', RENDERABLE.map(([, chart]) => `charts/${packagedFileName(chart)}`));

(vendorPresent ? describe : describe.skip)('upstream charts, rendered with Courier values', () => {
  it('maps every k8s values file to the chart it configures: an upstream chart, or the courier umbrella', () => {
    const umbrellaEnvironments = SCENARIOS.flatMap((scenario) => scenario.environment ?? []).map((file) => path.relative(WORKSPACE_ROOT, file));
    // Courier's own charts per environment (tools/cluster lints each with the releases it configures).
    const courierEnvironments = COURIER_VALUES_FILES.map((file) => file.valuesFile);
    const mapped = new Set([...CHARTS.map(([, chart]) => chart.valuesFile), ...umbrellaEnvironments, ...courierEnvironments]);
    expect(valuesFilesUnder('k8s').filter((file) => !mapped.has(file))).toEqual([]);
  });

  it('renders exactly the pinned versions: the vendored package of each chart is the one pinned', () => {
    for (const [, chart] of RENDERABLE) {
      const metadata = readChartPackage(vendoredPackage(chart));
      expect({ file: packagedFileName(chart), name: metadata.name, version: metadata.version }).toEqual({ file: packagedFileName(chart), name: chart.chart, version: chart.version });
    }
    expect(UPSTREAM_CHARTS.istiod.version).toBe(PINNED_VERSIONS.istio);
  });

  it('leaves out only the charts it says it cannot render, and they really are not vendored', () => {
    for (const [key, reason] of Object.entries(NOT_VENDORED)) {
      const chart = UPSTREAM_CHARTS[key as keyof typeof UPSTREAM_CHARTS];
      expect({ chart: chart.chart, vendored: fs.existsSync(vendoredPackage(chart)), reason }).toEqual({ chart: chart.chart, vendored: false, reason });
    }
  });

  describe.each(RENDERABLE)('%s', (key, chart) => {
    it(`renders ${chart.valuesFile} with ${packagedFileName(chart)}`, () => {
      expect(renderUpstream(chart).objects.length).toBeGreaterThan(0);
    });

    it('uses only keys the chart knows (its values.yaml, its values.schema.json, or a key its templates read)', () => {
      expect(unknownValueKeys(readYaml(chart.valuesFile), renderUpstream(chart).chart, FREE_FORM[key] ?? [])).toEqual([]);
    });
  });

  describe('the key check itself', () => {
    it('reports a misspelt key, at any depth, and a free-form map hides only what is below it', () => {
      const grafana = renderUpstream(UPSTREAM_CHARTS.grafana).chart;
      const typos = { servise: { type: 'NodePort' }, sidecar: { dashboards: { lable: 'x' } }, resources: { limit: { memory: '1Gi' } }, 'grafana.ini': { anything: { goes: true } } };
      expect(unknownValueKeys(typos, grafana, FREE_FORM.grafana ?? [])).toEqual(['servise', 'sidecar.dashboards.lable', 'resources.limit']);
    });

    it('knows Istio keys through the chart\'s _internal_defaults_do_not_set wrapper, and not the legacy pilot: prefix', () => {
      const istiod = renderUpstream(UPSTREAM_CHARTS.istiod).chart;
      expect(unknownValueKeys({ replicaCount: 1, global: { proxy: { resources: {} } }, pilot: { replicaCount: 1 } }, istiod, [])).toEqual(['pilot']);
    });
  });

  describe('on the kind cluster', () => {
    const mappings = (readYaml('k8s/kind/cluster.yaml').nodes[0].extraPortMappings as { containerPort: number; hostPort: number }[]);
    const nodePorts = () => RENDERABLE.flatMap(([, chart]) => ofKind(renderUpstream(chart).objects, 'Service')
      .filter((service) => service.spec?.type === 'NodePort')
      .flatMap((service) => (service.spec?.ports as { name: string; port: number; nodePort?: number }[])
        .filter((port) => port.nodePort !== undefined)
        .map((port) => ({ nodePort: port.nodePort!, service: `${service.metadata.namespace}/${service.metadata.name}:${port.name}` }))));

    it('exposes a rendered NodePort for every host port kind maps, and no other', () => {
      expect(nodePorts().map((port) => port.nodePort).sort()).toEqual(mappings.map((mapping) => mapping.containerPort).sort());
    });

    it('serves localhost:8080 and :8443 from the Istio ingress gateway Service the gateway chart renders', () => {
      const byNodePort = new Map(nodePorts().map((port) => [port.nodePort, port.service]));
      const hostToService = (hostPort: number) => byNodePort.get(mappings.find((mapping) => mapping.hostPort === hostPort)!.containerPort);
      expect([hostToService(8080), hostToService(8443)]).toEqual(['istio-ingress/istio-ingressgateway:http2', 'istio-ingress/istio-ingressgateway:https']);
      expect([hostToService(9090), hostToService(3000), hostToService(20001)]).toEqual(['observability/prometheus-server:http', 'observability/grafana:service', 'istio-system/kiali:http']);
    });
  });

  describe('Prometheus', () => {
    const prometheusConfig = () => parse(configMapData(renderUpstream(UPSTREAM_CHARTS.prometheus).objects, 'prometheus-server')['prometheus.yml']) as {
      global: { scrape_interval: string };
      scrape_configs: { job_name: string; kubernetes_sd_configs?: { role: string }[]; relabel_configs?: RelabelConfig[] }[];
    };
    const podsJob = () => prometheusConfig().scrape_configs.find((job) => job.job_name === 'kubernetes-pods')!;
    // The annotations Istio puts on a meshed pod when metrics merging is on; the gateway chart renders them on its own pods.
    const mergedScrapeAnnotations = () => {
      const gateway = findObject(renderUpstream(UPSTREAM_CHARTS.ingressGateway).objects, 'Deployment', 'istio-ingressgateway');
      const annotations = (gateway.spec?.template as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
      return Object.fromEntries(Object.entries(annotations).filter(([name]) => name.startsWith('prometheus.io/')));
    };

    it('has istiod merge app and Envoy metrics into the one :15020/stats/prometheus endpoint Prometheus scrapes', () => {
      const mesh = parse(configMapData(renderUpstream(UPSTREAM_CHARTS.istiod).objects, 'istio').mesh) as { enablePrometheusMerge: boolean };
      expect(mesh.enablePrometheusMerge).toBe(true);
      expect(mergedScrapeAnnotations()).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '15020', 'prometheus.io/path': '/stats/prometheus' });
    });

    it('scrapes a meshed pod at podIP:15020/stats/prometheus every 5s, through its kubernetes-pods job', () => {
      expect(prometheusConfig().global.scrape_interval).toBe('5s');
      expect(podsJob().kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
      const target = relabel(podTargetLabels({ ip: '10.244.0.17', namespace: 'courier', name: 'delivery-v2-0', annotations: mergedScrapeAnnotations(), labels: { app: 'delivery', version: 'v2' } }), podsJob().relabel_configs ?? []);
      expect(target).toMatchObject({ __address__: '10.244.0.17:15020', __metrics_path__: '/stats/prometheus', __scheme__: 'http', namespace: 'courier', pod: 'delivery-v2-0', app: 'delivery', version: 'v2' });
    });

    it('does not scrape a pod without the scrape annotation (the relabel rules are really applied)', () => {
      expect(relabel(podTargetLabels({ ip: '10.244.0.18', namespace: 'courier-data', name: 'postgres-0', annotations: {} }), podsJob().relabel_configs ?? [])).toBeNull();
    });

    it('is the Prometheus that Grafana and Kiali query', () => {
      const service = findObject(renderUpstream(UPSTREAM_CHARTS.prometheus).objects, 'Service', 'prometheus-server');
      const url = `http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`;
      expect((service.spec?.ports as { port: number }[])[0].port).toBe(80);
      const grafanaSources = parse(configMapData(renderUpstream(UPSTREAM_CHARTS.grafana).objects, 'grafana')['datasources.yaml']) as { datasources: { type: string; url: string }[] };
      expect(grafanaSources.datasources.find((source) => source.type === 'prometheus')?.url).toBe(url);
      const kialiConfig = parse(configMapData(renderUpstream(UPSTREAM_CHARTS.kiali).objects, 'kiali')['config.yaml']) as { external_services: { prometheus: { url: string } } };
      expect(kialiConfig.external_services.prometheus.url).toBe(url);
    });
  });

  describe('Grafana', () => {
    const objects = () => renderUpstream(UPSTREAM_CHARTS.grafana).objects;
    const sidecarEnv = () => {
      const containers = ((findObject(objects(), 'Deployment', 'grafana').spec?.template as { spec: { containers: { name: string; env?: { name: string; value?: string }[] }[] } }).spec.containers);
      const sidecar = containers.find((container) => container.name === 'grafana-sc-dashboard');
      return Object.fromEntries((sidecar?.env ?? []).map((variable) => [variable.name, variable.value]));
    };

    it('provisions the dashboards its sidecar collects, into the Courier folder', () => {
      const provider = parse(configMapData(objects(), 'grafana-config-dashboards')['provider.yaml']) as { providers: { folder: string; type: string; options: { path: string } }[] };
      expect(provider.providers).toEqual([expect.objectContaining({ folder: 'Courier', type: 'file', options: expect.objectContaining({ path: '/tmp/dashboards' }) })]);
      expect(sidecarEnv()).toMatchObject({ LABEL: 'grafana_dashboard', LABEL_VALUE: '1', FOLDER: '/tmp/dashboards' });
    });

    it('collects every dashboard in k8s/observability/dashboards: the kustomized ConfigMap carries the sidecar label, in Grafana\'s namespace', () => {
      const env = sidecarEnv();
      expect(env.NAMESPACE).toBeUndefined(); // the sidecar then watches its own namespace only
      const dashboards = kustomize('k8s/observability').filter((object) => object.kind === 'ConfigMap' && object.metadata.labels?.[env.LABEL!] === env.LABEL_VALUE);
      expect(dashboards.map((configMap) => configMap.metadata.namespace)).toEqual([UPSTREAM_CHARTS.grafana.namespace]);
      const files = fs.readdirSync(inWorkspace('k8s/observability/dashboards')).filter((file) => file.endsWith('.json')).sort();
      expect(Object.keys(dashboards[0].data as Record<string, string>).sort()).toEqual(files);
    });
  });
});
