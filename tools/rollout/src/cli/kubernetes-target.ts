import { istioReporterFor, type IstioReporter } from '@courier/contracts';
import { DryRunRunner, ProcessRunner } from '../actuators/command-runner';
import { KubernetesActuator } from '../actuators/kubernetes-actuator';
import { HttpProbeTraffic, type ProbeTraffic } from '../engine/probe-traffic';
import type { RolloutPlan } from '../engine/rollout-plan';
import { STABLE_ONLY, type Colour } from '../engine/rollout-values';
import { ExecProbeTraffic } from '../kubernetes/exec-probe-traffic';
import { parseServiceRef, PortForward } from '../kubernetes/port-forward';
import { liveTrack, readRelease, type ReleaseState } from '../kubernetes/release-state';
import { PrometheusMetrics } from '../metrics/prometheus-metrics';
import type { MetricsProvider } from '../metrics/version-metrics';

/** Istio's own ingress gateway, as k8s/istio installs it (the Istio routing API's way in). */
export const ISTIO_INGRESS_SERVICE = 'istio-ingress/istio-ingressgateway:80';

export interface KubernetesCliValues {
  namespace: string;
  chart?: string;
  from?: string;
  'image-tag'?: string;
  'dry-run': boolean;
  'prometheus-url'?: string;
  'prometheus-service': string;
  'gateway-service'?: string;
  'probe-url'?: string;
}

/**
 * Everything `--target kubernetes` needs, from a kubeconfig alone: the service's release (its
 * live version and colour), Prometheus and probe traffic through kubectl. Nothing here asks the
 * local stack, so it runs on a build agent.
 */
export class KubernetesTarget {
  private readonly forwards: PortForward[] = [];

  private constructor(
    readonly actuator: KubernetesActuator,
    private readonly values: KubernetesCliValues,
    readonly fromVersion: string,
    readonly activeColour: Colour,
    /** Whose report the analysis reads: the release's data plane decides (release-state.ts meshMode). */
    private readonly reporter: IstioReporter,
  ) {}

  static async open(values: KubernetesCliValues, service: string, print: (line: string) => void): Promise<KubernetesTarget> {
    const actuator = new KubernetesActuator({
      runner: values['dry-run'] ? new DryRunRunner(print) : new ProcessRunner(),
      namespace: values.namespace,
      chartFor: (name) => values.chart ?? `charts/${name}`,
      newImageTag: values['image-tag'],
      assumedState: values['dry-run'] ? assumedStableOnly(values.from ?? 'v1') : undefined,
    });
    if (values['dry-run']) print(`# --dry-run: assuming the release runs ${values.from ?? 'v1'} on stable only`);
    const state = await actuator.currentState(service);
    const from = values.from ?? (await actuator.liveVersion(service));
    const active = state.rollout.strategy === 'bluegreen' ? state.rollout.bluegreen.active : 'blue';
    return new KubernetesTarget(actuator, values, from, active, istioReporterFor(state.meshMode));
  }

  /** Prometheus at --prometheus-url, else through a port-forward to --prometheus-service. */
  async metrics(): Promise<MetricsProvider> {
    if (this.values['dry-run']) return { name: 'dry run (assumed healthy)', measure: async () => ({ requests: Number.POSITIVE_INFINITY, successRate: 1, p99Ms: 0 }) };
    if (this.values['prometheus-url']) return new PrometheusMetrics(this.values['prometheus-url'], undefined, this.reporter);
    const forward = await PortForward.open(parseServiceRef(this.values['prometheus-service'], '--prometheus-service'));
    this.forwards.push(forward);
    return new PrometheusMetrics(forward.url, undefined, this.reporter);
  }

  /**
   * Probes for steps that carry a header: from a pod of a caller in the release's namespace, or,
   * for a service only the ingress gateway calls (web), through a port-forward to the gateway.
   */
  async probes(plan: RolloutPlan, windowSeconds: number): Promise<ProbeTraffic | undefined> {
    if (this.values['dry-run'] || !plan.steps.some((step) => step.probe)) return undefined;
    if (this.values['probe-url']) return new HttpProbeTraffic(this.values['probe-url']);
    const state = await this.actuator.currentState(plan.service);
    const meshCaller = state.callers.find((caller) => !caller.namespace);
    if (meshCaller) {
      const callerState = await readRelease(new ProcessRunner(), meshCaller.name, this.values.namespace);
      return new ExecProbeTraffic({
        namespace: this.values.namespace,
        deployment: `${meshCaller.name}-${liveTrack(callerState.rollout)}`,
        container: meshCaller.name,
        url: `http://${plan.service}:8080/healthz`,
        maxSeconds: windowSeconds * 4,
      });
    }
    // The gateway routes only the public paths (the chart's ingress.paths); /healthz gets its 404.
    if (!state.publicPath) throw new Error(`${plan.service} has no caller in its namespace and no ingress.paths: pass --probe-url, a URL its routes serve`);
    const forward = await PortForward.open(parseServiceRef(this.values['gateway-service'] ?? this.ingressService(state), '--gateway-service'));
    this.forwards.push(forward);
    return new HttpProbeTraffic(`${forward.url}${state.publicPath}`);
  }

  /**
   * Where requests from outside enter: the proxy Istio deploys for the release's Gateway API
   * Gateway (`<gateway>-istio`, on the umbrella's listener port 80), else Istio's ingress gateway.
   */
  private ingressService(state: ReleaseState): string {
    const gateway = state.ingressGateway;
    return gateway ? `${gateway.namespace ?? this.values.namespace}/${gateway.name}-istio:80` : ISTIO_INGRESS_SERVICE;
  }

  close(): void {
    for (const forward of this.forwards) forward.close();
  }
}

function assumedStableOnly(version: string): ReleaseState {
  return { rollout: { ...STABLE_ONLY, warm: [] }, tracks: { stable: { version } }, callers: [], meshMode: 'sidecar' };
}
