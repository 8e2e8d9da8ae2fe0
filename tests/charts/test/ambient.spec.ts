import { celFailures, emptyTally } from '../src/cel-rules';
import { chartWorkspace } from '../src/chart-workspace';
import { withCrdDefaults } from '../src/crd-defaults';
import { apiServerSchemas, crdRawSchemas, GATEWAY_API_CRD_FILE, ISTIO_CRD_VERSIONS, istioCrdFile, istioCrdRawSchemas, istioCrdSchemas } from '../src/istio-crds';
import { findObject, type KubeObject, objectId, ofKind } from '../src/kube-object';
import { restrictedViolations, type PodSpecForAdmission } from '../src/pod-security-restricted';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames, umbrellaValues } from '../src/scenarios';
import { SERVICE_CHARTS } from '../src/service-charts';
import { SchemaValidator, schemaKey } from '../src/schema-validator';
import { workloadsOf } from '../src/security-policy';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';

// mesh.mode ambient (with routing.api gateway-api): no sidecars; ztunnel carries mTLS at L4 and the
// namespace's waypoint applies the HTTPRoutes and the L7 AuthorizationPolicies. The routes must be the
// Gateway API render's, every L7 rule must reach the waypoint (ztunnel cannot read one), nothing may
// reach the pods around the waypoint, and the pods, with nothing injected, pass Pod Security "restricted".

const ambient = (scenario: (typeof SCENARIOS)[number]) => renderScenario(scenario, 'gateway-api', 'ambient').objects;
const sidecarGatewayApi = (scenario: (typeof SCENARIOS)[number]) => renderScenario(scenario, 'gateway-api').objects;

interface PolicyRule {
  from?: { source: { principals?: string[] } }[];
  to?: { operation: Record<string, unknown> }[];
  when?: { key: string }[];
}
const rulesOf = (policy: KubeObject) => (policy.spec?.rules ?? []) as PolicyRule[];
/** Attributes only an L7 proxy can read (https://istio.io/latest/docs/reference/config/security/conditions/). */
const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const l7Fields = (policy: KubeObject) => rulesOf(policy).flatMap((rule) => [
  ...(rule.to ?? []).flatMap((to) => Object.keys(to.operation).filter((field) => L7_OPERATION_FIELDS.includes(field))),
  ...(rule.when ?? []).map((condition) => condition.key).filter((key) => key.startsWith('request.')),
]);

describe.each(scenarioNames)('mesh.mode ambient: %s', (_name, scenario) => {
  it('routes exactly as the Gateway API render with sidecars: the same HTTPRoutes and Services', () => {
    const pick = (objects: KubeObject[]) => objects.filter((object) => ['HTTPRoute', 'Service'].includes(object.kind)).map((object) => [objectId(object), object.spec]);
    expect(pick(ambient(scenario))).toEqual(pick(sidecarGatewayApi(scenario)));
  });

  it('renders no VirtualService or DestinationRule and asks for no sidecar', () => {
    expect(ambient(scenario).filter((object) => ['VirtualService', 'DestinationRule'].includes(object.kind)).map(objectId)).toEqual([]);
    const sidecarSettings = workloadsOf(ambient(scenario)).flatMap(({ object }) =>
      Object.keys((object.spec?.template as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {})
        .filter((key) => key.startsWith('sidecar.istio.io/') || key.startsWith('proxy.istio.io/')).map((key) => `${objectId(object)} ${key}`));
    expect(sidecarSettings).toEqual([]);
  });

  it('deploys one waypoint for Services, of class istio-waypoint, listening for HBONE on 15008', () => {
    const waypoint = findObject(ambient(scenario), 'Gateway', 'waypoint');
    expect(waypoint.metadata.labels?.['istio.io/waypoint-for']).toBe('service');
    expect(waypoint.spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
  });

  it('attaches every rule that reads paths or methods to the waypoint, through every Service of the release, and gives ztunnel none', () => {
    const objects = ambient(scenario);
    const services = new Set(ofKind(objects, 'Service').map((object) => object.metadata.name));
    for (const service of SERVICE_CHARTS) {
      const l7 = findObject(objects, 'AuthorizationPolicy', service);
      expect(l7.spec?.selector).toBeUndefined();
      const targets = (l7.spec?.targetRefs ?? []) as { kind: string; group: string; name: string }[];
      // Every Service selecting the service's pods is a target, so no address skips the policy.
      const ownServices = ofKind(objects, 'Service').filter((object) => (object.spec?.selector as Record<string, string>).app === service).map((object) => object.metadata.name);
      expect(targets.map((target) => target.name).sort()).toEqual(ownServices.sort());
      expect(targets.every((target) => target.kind === 'Service' && target.group === '' && services.has(target.name))).toBe(true);
    }
    const selecting = ofKind(objects, 'AuthorizationPolicy').filter((policy) => policy.spec?.selector);
    expect(selecting.map((policy) => [policy.metadata.name, l7Fields(policy)])).toEqual(selecting.map((policy) => [policy.metadata.name, []]));
  });

  it('lets only the waypoint, the Gateway\'s proxy (web) and the scrapers reach the pods: ztunnel\'s policy and the NetworkPolicy', () => {
    const objects = ambient(scenario);
    for (const service of SERVICE_CHARTS) {
      const l4 = findObject(objects, 'AuthorizationPolicy', `${service}-ztunnel`);
      expect(l4.spec?.selector).toEqual({ matchLabels: { app: service } });
      const principals = rulesOf(l4).flatMap((rule) => rule.from ?? []).flatMap((from) => from.source.principals ?? []);
      const direct = service === 'web' ? ['cluster.local/ns/courier/sa/courier-gateway-istio'] : [];
      const scrapers = service === scenario.service ? ((scenario.values as { metrics?: { scraperPrincipals?: string[] } }).metrics?.scraperPrincipals ?? []) : [];
      expect(principals).toEqual(['cluster.local/ns/courier/sa/waypoint', ...direct, ...scrapers]);

      const network = findObject(objects, 'NetworkPolicy', service).spec as { ingress: { from: Record<string, unknown>[]; ports: { port: number }[] }[] };
      expect(network.ingress.flatMap((rule) => rule.ports.map((port) => port.port))).toEqual([15008]);
      const peers = network.ingress.flatMap((rule) => rule.from).map((peer) => (peer.podSelector as { matchLabels: Record<string, string> } | undefined)?.matchLabels ?? peer.namespaceSelector);
      expect(peers).toEqual([
        { 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
        ...(service === 'web' ? [{ 'gateway.networking.k8s.io/gateway-name': 'courier-gateway' }] : []),
        { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } },
      ]);
    }
    // default-deny-ingress selects the waypoint and the Gateway's proxy too: each gets its own opening.
    expect(findObject(objects, 'NetworkPolicy', 'waypoint').spec?.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ port: 15008, protocol: 'TCP' }] }]);
    expect(findObject(objects, 'NetworkPolicy', 'courier-gateway').spec?.ingress).toEqual([{ ports: [{ port: 80, protocol: 'TCP' }] }]);
  });

  it('runs every workload under Pod Security "restricted": with no sidecar, the pod is what the chart renders', () => {
    const refused = workloadsOf(ambient(scenario)).flatMap(({ object, pod }) => restrictedViolations(pod as PodSpecForAdmission).map((problem) => `${objectId(object)} ${problem}`));
    expect(refused).toEqual([]);
  });
});

describe('mesh.mode and routing.api together', () => {
  it('refuses ambient with the Istio routing API, in the umbrella and in each service chart, naming both settings', () => {
    const { helm, chart } = chartWorkspace();
    const [scenario] = SCENARIOS;
    const umbrella = umbrellaValues(scenario, 'istio', 'ambient');
    const result = helm.template(chart('courier'), 'courier', umbrella, scenario.environment);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('mesh.mode ambient needs routing.api gateway-api');
    const alone = helm.template(chart('delivery'), 'delivery', { image: { tag: 'v1' }, mesh: { mode: 'ambient' } });
    expect(alone.status).not.toBe(0);
    expect(alone.stderr).toContain('mesh.mode ambient needs routing.api gateway-api');
  });

  it('the gateway-api render with sidecars opens the Gateway\'s proxy too (default-deny would refuse the public entry)', () => {
    const policy = findObject(sidecarGatewayApi(SCENARIOS[0]), 'NetworkPolicy', 'courier-gateway');
    expect(policy.spec?.podSelector).toEqual({ matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'courier-gateway' } });
  });
});

describe('Pod Security "restricted" with sidecars', () => {
  it('admits every pod of every scenario as the charts render it, before Istio injects anything', () => {
    const refused = SCENARIOS.flatMap((scenario) => workloadsOf(renderScenario(scenario).objects)
      .flatMap(({ object, pod }) => restrictedViolations(pod as PodSpecForAdmission).map((problem) => `${scenario.name} ${objectId(object)} ${problem}`)));
    expect(refused).toEqual([]);
  });
});

describe('the restricted check itself', () => {
  const pod = (): PodSpecForAdmission => ({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  });

  it('admits a pod that meets the profile', () => {
    expect(restrictedViolations(pod())).toEqual([]);
  });

  it("refuses Istio's init container without CNI (NET_ADMIN, root), a hostPath volume, and a missing seccomp profile", () => {
    const istioInit = pod();
    istioInit.initContainers = [{ name: 'istio-init', securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } } }];
    expect(restrictedViolations(istioInit)).toEqual([
      'container istio-init: runAsNonRoot is not true (on the container or the pod)',
      'container istio-init: runAsUser is 0',
      'container istio-init: adds capability NET_ADMIN',
      'container istio-init: adds capability NET_RAW',
    ]);
    const hostPath = { ...pod(), volumes: [{ name: 'node', hostPath: { path: '/' } }] };
    expect(restrictedViolations(hostPath)).toEqual(['volume node: type hostPath is not allowed']);
    const noSeccomp = { ...pod(), securityContext: { runAsNonRoot: true } };
    expect(restrictedViolations(noSeccomp)).toEqual(['container app: seccompProfile.type is unset (RuntimeDefault or Localhost, on the container or the pod)']);
  });
});

const vendorPresent = vendorArtefactsPresent('Istio and Gateway API CRDs', [GATEWAY_API_CRD_FILE, ...ISTIO_CRD_VERSIONS.map(istioCrdFile)]);

(vendorPresent ? describe : describe.skip)('ambient objects against the upstream CRDs', () => {
  const isGatewayApi = (object: KubeObject) => object.apiVersion.startsWith('gateway.networking.k8s.io/');
  const isIstio = (object: KubeObject) => object.apiVersion.split('/')[0].endsWith('istio.io');
  const rendered = (keep: (object: KubeObject) => boolean) => SCENARIOS.flatMap((scenario) => ambient(scenario).filter(keep)
    .map((object) => ({ source: `scenario "${scenario.name}" ${objectId(object)}`, object })));

  it('accepts the waypoint, the routes and the Gateway with the Gateway API v1.6.1 CRDs, CEL rules included', () => {
    const objects = rendered(isGatewayApi);
    expect(objects.filter(({ object }) => object.kind === 'Gateway' && object.spec?.gatewayClassName === 'istio-waypoint')).toHaveLength(SCENARIOS.length);
    const raw = crdRawSchemas(GATEWAY_API_CRD_FILE);
    const validator = new SchemaValidator(apiServerSchemas(raw));
    expect(objects.map(({ source, object }) => ({ source, errors: validator.errors(object) ?? ['no CRD'] })).filter(({ errors }) => errors.length > 0)).toEqual([]);
    const tally = emptyTally();
    expect(objects.flatMap(({ source, object }) => celFailures(withCrdDefaults(object, raw.get(schemaKey(object))), raw.get(schemaKey(object)), tally).map((failure) => `${source} ${failure.path}: ${failure.message}`))).toEqual([]);
    expect(tally.evaluated).toBeGreaterThan(objects.length);
  });

  it.each(ISTIO_CRD_VERSIONS)('accepts the AuthorizationPolicies with targetRefs with Istio %s\'s CRDs, CEL rules included', (version) => {
    const objects = rendered(isIstio);
    expect(objects.some(({ object }) => object.kind === 'AuthorizationPolicy' && object.spec?.targetRefs)).toBe(true);
    const raw = istioCrdRawSchemas(version);
    const validator = new SchemaValidator(istioCrdSchemas(version, raw));
    expect(objects.map(({ source, object }) => ({ source, errors: validator.errors(object) ?? ['no CRD'] })).filter(({ errors }) => errors.length > 0)).toEqual([]);
    const tally = emptyTally();
    expect(objects.flatMap(({ source, object }) => celFailures(object, raw.get(schemaKey(object)), tally).map((failure) => `${source} ${failure.path}: ${failure.message}`))).toEqual([]);
    expect(tally.evaluated).toBeGreaterThan(0);
  });
});
