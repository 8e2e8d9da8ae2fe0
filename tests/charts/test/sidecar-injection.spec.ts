import { packagedFileName, UPSTREAM_CHARTS } from '@courier/cluster';
import { helmInjectionTemplate } from '../src/istio-injection-template';
import { injectSidecars, type IstioInjector, istioInjector, isInjected, type PodTemplate } from '../src/istio-sidecar-injection';
import { type KubeObject, objectId } from '../src/kube-object';
import { restrictedViolations, type PodSpecForAdmission } from '../src/pod-security-restricted';
import { renderScenario } from '../src/scenario-rendering';
import { ROUTING_APIS, SCENARIOS } from '../src/scenarios';
import { workloadsOf } from '../src/security-policy';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';

// Pod Security "restricted", enforced on the courier namespace with sidecars (k8s/istio/namespaces.yaml):
// every pod must pass it with what Istio injects, not only as the charts render it. The injection is
// Istio 1.30.3's own template with the values its chart renders from k8s/istio/istiod.values.yaml
// (CNI on), rendered by the real helm (tests/charts/src/istio-injection-template.ts says how).

const workloads = (objects: KubeObject[]) => workloadsOf(objects).map((workload) => workload.object);
const containerNames = (pod: PodTemplate) => ({
  init: (pod.spec.initContainers ?? []).map((container) => container.name),
  main: pod.spec.containers.map((container) => container.name),
});
const podSpec = (pod: PodTemplate) => pod.spec as unknown as PodSpecForAdmission;
const withoutCni = (injector: IstioInjector): IstioInjector => ({ ...injector, values: { ...injector.values, pilot: { ...injector.values.pilot, cni: { enabled: false } } } });

const vendorPresent = vendorArtefactsPresent('sidecar injection with Istio\'s own template', [`charts/${packagedFileName(UPSTREAM_CHARTS.istiod)}`]);

(vendorPresent ? describe : describe.skip)('Pod Security "restricted" with the sidecar Istio injects', () => {
  const injector = vendorPresent ? istioInjector() : (undefined as never);
  const injectedWorkloads = (api: (typeof ROUTING_APIS)[number], scenario: (typeof SCENARIOS)[number]) =>
    workloads(renderScenario(scenario, api).objects).filter((workload) => isInjected((workload.spec?.template ?? {}) as PodTemplate));

  it('reads the injector istiod gets from the chart: the sidecar template, and CNI on', () => {
    expect(injector.template).toContain('istio-validation');
    expect(injector.values.pilot.cni.enabled).toBe(true);
    expect(injector.mesh.defaultConfig?.holdApplicationUntilProxyStarts).toBe(true);
  });

  describe.each(ROUTING_APIS)('routing.api %s', (api) => {
    it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: admits every injected pod, with istio-validation and a native istio-proxy, and no istio-init', (_name, scenario) => {
      const meshed = injectedWorkloads(api, scenario);
      expect(meshed.length).toBeGreaterThan(0);
      const pods = injectSidecars(injector, meshed, 'courier', { nativeSidecars: true });
      const refused = pods.flatMap((pod, index) => restrictedViolations(podSpec(pod)).map((problem) => `${objectId(meshed[index])} ${problem}`));
      expect(refused).toEqual([]);
      for (const pod of pods) {
        const names = containerNames(pod);
        expect(names.init).toEqual(expect.arrayContaining(['istio-validation', 'istio-proxy']));
        expect(names.init).not.toContain('istio-init');
        expect(names.main).not.toContain('istio-proxy');
      }
    });
  });

  it('admits the pods with istio-proxy as an ordinary container too (sidecar.istio.io/nativeSidecar: "false")', () => {
    const meshed = injectedWorkloads('istio', SCENARIOS[0]);
    const pods = injectSidecars(injector, meshed, 'courier', { nativeSidecars: false });
    expect(pods.flatMap((pod) => restrictedViolations(podSpec(pod)))).toEqual([]);
    for (const pod of pods) expect(containerNames(pod).main).toContain('istio-proxy');
  });

  it('injects the proxy as Istio documents for CNI: non-root 1337, read-only, no capabilities, and the redirection annotations the CNI plugin reads', () => {
    const [pod] = injectSidecars(injector, injectedWorkloads('istio', SCENARIOS[0]).slice(0, 1), 'courier', { nativeSidecars: true });
    const proxy = (pod.spec.initContainers ?? []).find((container) => container.name === 'istio-proxy') as Record<string, unknown>;
    expect(proxy).toMatchObject({
      restartPolicy: 'Always',
      image: `docker.io/istio/proxyv2:${UPSTREAM_CHARTS.istiod.version}`,
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1337, runAsGroup: 1337, capabilities: { drop: ['ALL'] } },
    });
    const validation = (pod.spec.initContainers ?? []).find((container) => container.name === 'istio-validation') as unknown as { args: string[] };
    expect(validation.args).toEqual(expect.arrayContaining(['--run-validation', '--skip-rule-apply']));
    expect(pod.metadata?.annotations).toMatchObject({
      'sidecar.istio.io/interceptionMode': 'REDIRECT',
      'traffic.sidecar.istio.io/includeInboundPorts': '*',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
    });
  });

  it('refuses the same pods without CNI: Istio then injects istio-init with NET_ADMIN and NET_RAW, as root', () => {
    const meshed = injectedWorkloads('istio', SCENARIOS[0]);
    const pods = injectSidecars(withoutCni(injector), meshed, 'courier', { nativeSidecars: true });
    for (const pod of pods) {
      expect(containerNames(pod).init).toContain('istio-init');
      expect(restrictedViolations(podSpec(pod))).toEqual(expect.arrayContaining([
        'container istio-init: runAsNonRoot is not true (on the container or the pod)',
        'container istio-init: runAsUser is 0',
        'container istio-init: adds capability NET_ADMIN',
        'container istio-init: adds capability NET_RAW',
      ]));
    }
  });

  it('leaves the pods that opt out of injection as rendered (the migration Job: a sidecar would keep it from completing)', () => {
    const optedOut = workloads(renderScenario(SCENARIOS[0]).objects).filter((workload) => !isInjected((workload.spec?.template ?? {}) as PodTemplate));
    expect(optedOut.map((workload) => workload.kind)).toContain('Job');
  });
});

describe('the helm rewrite of Istio\'s injection template', () => {
  it('refuses a call of an Istio function it does not map, naming it', () => {
    expect(() => helmInjectionTemplate('a: {{ formatDuration .ProxyConfig.DrainDuration }}\n{{ .ProxyConfig.InterceptionMode.String }}')).toThrow('calls formatDuration, which helmInjectionTemplate does not map');
  });

  it('rewrites nested calls, leaves string literals and fields alone, and lifts the template\'s own defines', () => {
    const rewritten = helmInjectionTemplate([
      '{{- define "resources" }}{{ if .A }}{{ toYaml (omitNil .B) | indent 6 }}{{ end }}{{- end }}',
      'x: {{ excludeInboundPort (annotation .ObjectMeta `status.sidecar.istio.io/port` .Values.port) "isset a" }}',
      'y: {{ if isset .ObjectMeta.Annotations `k` }}{{ .ProxyConfig.InterceptionMode.String }}{{ end }}',
    ].join('\n'));
    expect(rewritten.definitions).toBe('{{- define "resources" }}{{ if .A }}{{ (include "istio.toYaml" ((include "istio.omitNil" .B | fromYaml))) | include "istio.indent.6" }}{{ end }}{{- end }}');
    expect(rewritten.sidecar).toContain('x: {{ (include "istio.excludeInboundPort" (list ((include "istio.annotation" (list .ObjectMeta `status.sidecar.istio.io/port` .Values.port))) "isset a")) }}');
    expect(rewritten.sidecar).toContain('y: {{ if (hasKey .ObjectMeta.Annotations `k`) }}{{ .ProxyConfig.InterceptionMode }}{{ end }}');
    expect(rewritten.functions).toContain('define "istio.indent.6"');
  });
});
