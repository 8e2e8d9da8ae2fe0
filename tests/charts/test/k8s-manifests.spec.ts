import fs from 'node:fs';
import { clusterUpPlan, KIND_SERVICE_VALUES, packagedFileName, PINNED_VERSIONS, UPSTREAM_CHARTS } from '@courier/cluster';
import { parse } from 'yaml';
import { GATEWAY_API_CRD_FILE } from '../src/istio-crds';
import { findObject, type KubeObject, objectId, parseManifests } from '../src/kube-object';
import { kustomize } from '../src/kustomize';
import { validateModels } from '../src/model-validation';
import { containerViolations } from '../src/security-policy';
import { renderUpstream } from '../src/upstream-rendering';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';
import { inWorkspace } from '../src/workspace-paths';

const readYaml = (file: string) => parse(fs.readFileSync(inWorkspace(file), 'utf8'));

describe.each(['k8s/postgres', 'k8s/observability'])('kubectl kustomize %s', (directory) => {
  it('renders objects that validate against their schemas', () => {
    const objects = kustomize(directory);
    expect(objects.length).toBeGreaterThan(0);
    const results = validateModels(new Map(objects.map((object) => [objectId(object), object])));
    expect([...results.values()].filter((result) => !result.model || result.errors.length > 0)).toEqual([]);
  });
});

describe('the demo PostgreSQL', () => {
  const objects = kustomize('k8s/postgres');

  it('creates the Secret the service charts reference, in the app namespace', () => {
    const secret = findObject(objects, 'Secret', 'courier-database');
    expect(secret.metadata.namespace).toBe('courier');
    const url = Buffer.from((secret.data as Record<string, string>).DATABASE_URL, 'base64').toString();
    expect(url).toMatch(/^postgresql:\/\/courier:[^@]+@postgres\.courier-data\.svc\.cluster\.local:5432\/courier$/);
    const usersValues = readYaml('charts/users/values.yaml');
    expect(usersValues.database.secret).toEqual({ name: 'courier-database', key: 'DATABASE_URL' });
  });

  it('runs with the same container security policy as the services', () => {
    const pod = findObject(objects, 'StatefulSet', 'postgres').spec?.template as { spec: Parameters<typeof containerViolations>[1] };
    expect(pod.spec.containers.flatMap((container) => containerViolations(container, pod.spec))).toEqual([]);
  });

  it('accepts connections only from the courier namespace', () => {
    expect(findObject(objects, 'NetworkPolicy', 'postgres').spec?.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'courier' } } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });
});

describe('the kind cluster', () => {
  const cluster = readYaml('k8s/kind/cluster.yaml');
  const mappings = cluster.nodes[0].extraPortMappings as { containerPort: number; hostPort: number; listenAddress: string }[];
  const nodePorts = new Map<number, string>([
    ...(readYaml('k8s/istio/gateway.values.yaml').service.ports as { nodePort?: number; name: string }[])
      .filter((port) => port.nodePort).map((port) => [port.nodePort!, `ingress gateway ${port.name}`] as const),
    [readYaml('k8s/observability/prometheus.values.yaml').server.service.nodePort, 'prometheus'],
    [readYaml('k8s/observability/grafana.values.yaml').service.nodePort, 'grafana'],
    [readYaml('k8s/observability/kiali.values.yaml').server.node_port, 'kiali'],
  ]);

  it('maps every host port to a NodePort that something listens on, on localhost only', () => {
    for (const mapping of mappings) {
      expect(nodePorts.has(mapping.containerPort)).toBe(true);
      expect(mapping.listenAddress).toBe('127.0.0.1');
    }
    expect(mappings).toHaveLength(nodePorts.size);
  });

  it('serves the app on localhost:8080 through the ingress gateway', () => {
    const http = mappings.find((mapping) => mapping.hostPort === 8080)!;
    expect(nodePorts.get(http.containerPort)).toBe('ingress gateway http2');
  });
});

describe('the Istio install', () => {
  it('injects sidecars into the app namespace only (PostgreSQL and the addons stay outside the mesh)', () => {
    const namespaces = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/namespaces.yaml'), 'utf8'));
    const injected = namespaces.filter((namespace) => namespace.metadata.labels?.['istio-injection'] === 'enabled').map((namespace) => namespace.metadata.name);
    expect(injected.sort()).toEqual(['courier', 'istio-ingress']);
  });

  it('enforces Pod Security "restricted" in courier, with Istio CNI in place of the privileged istio-init container', () => {
    const namespaces = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/namespaces.yaml'), 'utf8'));
    const enforced = namespaces.filter((namespace) => namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted').map((namespace) => namespace.metadata.name);
    expect(enforced).toEqual(['courier']);
    // What makes that possible: istiod injects for CNI, and the plan installs the CNI agent (without the ambient profile) before any pod of courier.
    expect(readYaml('k8s/istio/istiod.values.yaml').cni).toEqual({ enabled: true });
    const plan = clusterUpPlan({ clusterName: 'courier', imageTag: 'v0.1.0', services: ['users'] }).map((step) => step.command.join(' '));
    const cni = plan.findIndex((command) => command.includes('--install istio-cni cni '));
    expect(cni).toBeGreaterThan(plan.findIndex((command) => command.includes('--install istiod ')));
    expect(cni).toBeLessThan(plan.findIndex((command) => command.includes('--install users ')));
    expect(plan[cni]).not.toContain('profile=');
  });

  it('names the ingress gateway as the charts expect: release istio-ingressgateway in istio-ingress', () => {
    const install = clusterUpPlan({ clusterName: 'courier', imageTag: 'v0.1.0', services: ['users'] }).find((step) => step.command.includes('gateway'))!.command;
    expect(install.slice(install.indexOf('--install') + 1, install.indexOf('--install') + 3)).toEqual(['istio-ingressgateway', 'gateway']);
    expect(install[install.indexOf('--namespace') + 1]).toBe('istio-ingress');
    const webCaller = readYaml('charts/web/values.yaml').callers[0];
    expect(webCaller).toEqual({ name: 'ingress-gateway', namespace: 'istio-ingress', serviceAccount: 'istio-ingressgateway', podLabels: { istio: 'ingressgateway' } });
    expect(readYaml('charts/courier/values.yaml').gateway.selector).toEqual(webCaller.podLabels);
  });

  it('sends traces to the Jaeger provider it declares', () => {
    const telemetry = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/telemetry.yaml'), 'utf8'));
    const providers = readYaml('k8s/istio/istiod.values.yaml').meshConfig.extensionProviders.map((provider: { name: string }) => provider.name);
    expect((telemetry[0].spec?.tracing as { providers: { name: string }[] }[])[0].providers.map((provider) => provider.name)).toEqual(providers);
    const results = validateModels(new Map([['telemetry', telemetry[0]]]));
    expect(results.get('telemetry')).toMatchObject({ model: '@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry', errors: [] });
  });
});

const AMBIENT_CHARTS = [UPSTREAM_CHARTS.istiodAmbient, UPSTREAM_CHARTS.istioCniAmbient, UPSTREAM_CHARTS.istioCni, UPSTREAM_CHARTS.ztunnel, UPSTREAM_CHARTS.prometheus];
const ambientVendored = vendorArtefactsPresent('Istio ambient and Prometheus charts', AMBIENT_CHARTS.map((chart) => `charts/${packagedFileName(chart)}`));

(ambientVendored ? describe : describe.skip)('the ambient install (courier-cluster up --mode ambient)', () => {
  const plan = clusterUpPlan({ clusterName: 'courier', imageTag: 'v0.1.0', services: ['users'], mode: 'ambient' }).map((step) => step.command.join(' '));
  const namespaces = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/ambient/namespaces.yaml'), 'utf8'));
  const labelsOf = (name: string) => namespaces.find((namespace) => namespace.metadata.name === name)?.metadata.labels ?? {};

  it('puts courier and observability in the ambient mesh, injects no sidecar anywhere, and sends courier through the waypoint the platform release deploys', () => {
    expect(namespaces.filter((namespace) => namespace.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient').map((namespace) => namespace.metadata.name).sort()).toEqual(['courier', 'observability']);
    expect(namespaces.filter((namespace) => namespace.metadata.labels?.['istio-injection'])).toEqual([]);
    expect(labelsOf('courier')['istio.io/use-waypoint']).toBe(readYaml('charts/courier/values.yaml').mesh.waypoint);
  });

  it('enforces Pod Security "restricted" in courier, as the sidecar install does', () => {
    expect(labelsOf('courier')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const sidecar = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/namespaces.yaml'), 'utf8')).find((namespace) => namespace.metadata.name === 'courier')!;
    expect(sidecar.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('installs the Gateway API CRDs, istiod with the ambient profile, istio-cni and ztunnel, and no istio/gateway chart', () => {
    expect(plan.filter((command) => /--install (istio-base|istiod|istio-cni|ztunnel|istio-ingressgateway) /.test(command)).map((command) => command.split(' ')[5])).toEqual(['istio-base', 'istiod', 'istio-cni', 'ztunnel']);
    expect(plan.find((command) => command.includes('--install istiod '))).toContain('--set profile=ambient');
    expect(plan[1]).toMatch(/apply --server-side -f https:\/\/github\.com\/kubernetes-sigs\/gateway-api\/releases\/download\/v1\.6\.1\/standard-install\.yaml$/);
    // The CRDs the charts are validated against are the ones installed (tests/charts/src/istio-crds.ts).
    expect(plan[1]).toContain(`v${PINNED_VERSIONS.gatewayApi}/`);
    expect(GATEWAY_API_CRD_FILE).toContain(`v${PINNED_VERSIONS.gatewayApi}.yaml`);
  });

  it('gives the platform release and every service the ambient values: HTTPRoutes, ambient mode, Prometheus as the scraper', () => {
    expect(plan.find((command) => command.includes('--install courier '))).toContain('-f k8s/kind/ambient/courier.values.yaml');
    expect(plan.find((command) => command.includes('--install users '))).toContain('-f k8s/kind/services.values.yaml -f k8s/kind/ambient/services.values.yaml');
    const services = readYaml('k8s/kind/ambient/services.values.yaml');
    expect(services).toMatchObject({ routing: { api: 'gateway-api' }, mesh: { mode: 'ambient' } });
    // The scraper principal is the ServiceAccount the Prometheus chart renders for its server.
    const prometheus = renderUpstream(UPSTREAM_CHARTS.prometheus).objects;
    const serverAccount = findObject(prometheus, 'Deployment', 'prometheus-server').spec?.template as { spec: { serviceAccountName: string } };
    expect(services.metrics.scraperPrincipals).toEqual([`cluster.local/ns/${UPSTREAM_CHARTS.prometheus.namespace}/sa/${serverAccount.spec.serviceAccountName}`]);
  });

  it('renders istiod, istio-cni and ztunnel for the ambient data plane', () => {
    const envOf = (objects: KubeObject[], kind: string, name: string) => Object.fromEntries(((findObject(objects, kind, name).spec?.template as { spec: { containers: { env?: { name: string; value?: string }[] }[] } }).spec.containers[0].env ?? []).map((entry) => [entry.name, entry.value]));
    expect(envOf(renderUpstream(UPSTREAM_CHARTS.istiodAmbient).objects, 'Deployment', 'istiod').PILOT_ENABLE_AMBIENT).toBe('true');
    expect(envOf(renderUpstream(UPSTREAM_CHARTS.istiod).objects, 'Deployment', 'istiod').PILOT_ENABLE_AMBIENT).toBeUndefined();
    expect(findObject(renderUpstream(UPSTREAM_CHARTS.istioCniAmbient).objects, 'ConfigMap', 'istio-cni-config').data).toMatchObject({ AMBIENT_ENABLED: 'true' });
    // The sidecar install's agent, from the same values file without the profile, only chains into kind's CNI.
    expect(findObject(renderUpstream(UPSTREAM_CHARTS.istioCni).objects, 'ConfigMap', 'istio-cni-config').data).toMatchObject({ AMBIENT_ENABLED: 'false' });
    expect(findObject(renderUpstream(UPSTREAM_CHARTS.ztunnel).objects, 'DaemonSet', 'ztunnel')).toBeDefined();
  });
});

describe('Jaeger v2 on a cluster', () => {
  // Chart 4.x names its one Service after the release (the release name contains the chart name).
  const { release, namespace } = UPSTREAM_CHARTS.jaeger;
  const jaeger = `${release}.${namespace}.svc.cluster.local`;

  it('is where Istio (OTLP gRPC), the services (OTLP HTTP), Grafana and Kiali (UI) send or look', () => {
    const provider = readYaml('k8s/istio/istiod.values.yaml').meshConfig.extensionProviders.find((entry: { name: string }) => entry.name === 'jaeger');
    const grafanaSource = readYaml('k8s/observability/grafana.values.yaml').datasources['datasources.yaml'].datasources.find((source: { type: string }) => source.type === 'jaeger');
    // Every service release on kind takes this one file (tools/cluster: KIND_SERVICE_VALUES).
    const kindServices = readYaml(KIND_SERVICE_VALUES) as { otel?: { endpoint: string } };
    expect({
      istio: `${provider.opentelemetry.service}:${provider.opentelemetry.port}`,
      services: [kindServices.otel?.endpoint],
      grafana: grafanaSource.url,
      kiali: readYaml('k8s/observability/kiali.values.yaml').external_services.tracing.internal_url,
    }).toEqual({ istio: `${jaeger}:4317`, services: [`http://${jaeger}:4318`], grafana: `http://${jaeger}:16686`, kiali: `http://${jaeger}:16686` });
  });
});

describe('destination_track on a cluster', () => {
  it('is declared to istiod, filled from the pod label on the callee side, and applied by the cluster plan', () => {
    const [telemetry] = parseManifests(fs.readFileSync(inWorkspace('k8s/istio/track-label.yaml'), 'utf8'));
    expect(validateModels(new Map([['track', telemetry]])).get('track')).toMatchObject({ errors: [] });
    const overrides = (telemetry.spec?.metrics as { overrides: { match: { mode: string }; tagOverrides: Record<string, { value: string }> }[] }[])[0].overrides;
    // Envoy's `xds.node` attribute: Istio 1.24 removed the Wasm-only `node` one (k8s/istio/track-label.yaml says where).
    expect(overrides).toEqual([expect.objectContaining({ match: expect.objectContaining({ mode: 'SERVER' }), tagOverrides: { destination_track: { value: "xds.node.metadata['LABELS']['track']" } } })]);
    // The Telemetry API alone adds the tag; the deprecated extraStatTags is not used.
    expect(readYaml('k8s/istio/istiod.values.yaml').meshConfig.defaultConfig.extraStatTags).toBeUndefined();
    const plan = clusterUpPlan({ clusterName: 'courier', imageTag: 'v0.1.0', services: ['users'] }).map((step) => step.command.join(' '));
    const applied = plan.findIndex((command) => command.endsWith('k8s/istio/track-label.yaml'));
    expect(applied).toBeGreaterThan(plan.findIndex((command) => command.includes('istio-base')));
  });
});

describe.each(['courier-golden-signals', 'courier-rollout'])('Grafana dashboard %s', (name) => {
  const dashboard = JSON.parse(fs.readFileSync(inWorkspace('k8s/observability/dashboards', `${name}.json`), 'utf8'));
  const expressions: string[] = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) => panel.targets.map((target) => target.expr));

  it('has a stable uid and titled panels with queries', () => {
    expect(dashboard.uid).toBe(name);
    for (const panel of dashboard.panels) {
      expect(panel.title).toBeTruthy();
      expect(panel.targets.length).toBeGreaterThan(0);
    }
  });

  it('splits Istio request metrics by version, with queries that also fit the local mesh', () => {
    const istio = expressions.filter((expression) => expression.includes('istio_request'));
    expect(istio.length).toBeGreaterThanOrEqual(3);
    for (const expression of istio) {
      expect(expression).toContain('destination_version');
      expect(expression).toContain('reporter!="source"');
      expect(expression).toContain('destination_service=~"$service(\\\\..*)?"');
    }
  });
});
