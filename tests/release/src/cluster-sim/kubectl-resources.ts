import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../charts/src/kube-object';
import type { ClusterState, DeploymentState } from './cluster-state';
import { missingSecrets } from './apply-objects';

/** A resource type as kubectl names it on the command line and in its messages. */
export interface ResourceType {
  readonly kind: string;
  readonly plural: string;
  /** API group ('' for core), for `Error from server (NotFound): deployments.apps "x" not found` and `-o name`. */
  readonly group: string;
  readonly namespaced: boolean;
}

const TYPES: readonly (ResourceType & { aliases: readonly string[] })[] = [
  { kind: 'Namespace', plural: 'namespaces', group: '', namespaced: false, aliases: ['ns', 'namespace'] },
  { kind: 'Deployment', plural: 'deployments', group: 'apps', namespaced: true, aliases: ['deploy', 'deployment'] },
  { kind: 'Pod', plural: 'pods', group: '', namespaced: true, aliases: ['po', 'pod'] },
  { kind: 'Secret', plural: 'secrets', group: '', namespaced: true, aliases: ['secret'] },
  { kind: 'Service', plural: 'services', group: '', namespaced: true, aliases: ['svc', 'service'] },
  { kind: 'Job', plural: 'jobs', group: 'batch', namespaced: true, aliases: ['job'] },
  { kind: 'ConfigMap', plural: 'configmaps', group: '', namespaced: true, aliases: ['cm', 'configmap'] },
  { kind: 'VirtualService', plural: 'virtualservices', group: 'networking.istio.io', namespaced: true, aliases: ['vs', 'virtualservice'] },
  { kind: 'DestinationRule', plural: 'destinationrules', group: 'networking.istio.io', namespaced: true, aliases: ['dr', 'destinationrule'] },
  { kind: 'Gateway', plural: 'gateways', group: 'networking.istio.io', namespaced: true, aliases: ['gw', 'gateway'] },
  { kind: 'HTTPRoute', plural: 'httproutes', group: 'gateway.networking.k8s.io', namespaced: true, aliases: ['httproute'] },
];

/** `deploy`, `deployments.apps`, `VirtualService`, … -> the type, or undefined when kubectl would not know it. */
export function resourceType(name: string): ResourceType | undefined {
  const [base, ...group] = name.toLowerCase().split('.');
  return TYPES.find((type) => (type.plural === base || type.aliases.includes(base) || type.kind.toLowerCase() === base) && (group.length === 0 || group.join('.') === type.group));
}

export const qualifiedPlural = (type: ResourceType) => (type.group ? `${type.plural}.${type.group}` : type.plural);
export const notFound = (type: ResourceType, name: string) => `Error from server (NotFound): ${qualifiedPlural(type)} "${name}" not found`;

const shortHash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A Deployment object with the status the simulated rollout gives it. */
function withStatus(object: KubeObject, deployment: DeploymentState | undefined): KubeObject {
  const ready = deployment?.ready ? 1 : 0;
  const updated = deployment?.running && JSON.stringify(deployment.running) === JSON.stringify(deployment.template) ? 1 : 0;
  return {
    ...object,
    status: {
      replicas: 1,
      updatedReplicas: updated,
      ...(ready ? { readyReplicas: 1, availableReplicas: 1 } : { unavailableReplicas: 1 }),
      conditions: [{ type: 'Available', status: ready ? 'True' : 'False', reason: ready ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable' }],
    },
  };
}

/**
 * The pods of a Deployment: one running its ready pods (when it has any), and one of its template
 * while that template is not running yet (Pending, or CreateContainerConfigError for a missing Secret).
 */
function podsOf(state: ClusterState, deployment: DeploymentState): KubeObject[] {
  const pod = (shape: DeploymentState['template'], ready: boolean): KubeObject => {
    const template = JSON.stringify(shape);
    const missing = missingSecrets(state, deployment.namespace, shape.secrets);
    const containers = [...shape.containers.map((name, index) => ({ name, image: shape.images[index] })), ...(deployment.sidecar ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2' }] : [])];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${deployment.name}-${shortHash(template, 10)}-${shortHash(`${deployment.name}${template}`, 5)}`, namespace: deployment.namespace, labels: { ...shape.labels } },
      spec: { containers },
      status: {
        phase: ready ? 'Running' : 'Pending',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        containerStatuses: containers.map((container) => ({
          name: container.name,
          image: container.image,
          ready,
          ...(ready ? { state: { running: {} } } : { state: { waiting: { reason: missing.length > 0 ? 'CreateContainerConfigError' : 'ContainerCreating', ...(missing.length > 0 ? { message: `secret "${missing[0]}" not found` } : {}) } } }),
        })),
      },
    };
  };
  const pods: KubeObject[] = [];
  if (deployment.running && deployment.ready) pods.push(pod(deployment.running, true));
  if (!deployment.ready || !deployment.running || JSON.stringify(deployment.running) !== JSON.stringify(deployment.template)) pods.push(pod(deployment.template, false));
  return pods;
}

/** Every object of a type, as `kubectl get` sees it (namespace '' for all namespaces). */
export function objectsOfType(state: ClusterState, type: ResourceType, namespace: string | undefined): KubeObject[] {
  const inNamespace = (object: KubeObject) => namespace === undefined || !type.namespaced || object.metadata.namespace === namespace;
  if (type.kind === 'Namespace') {
    return Object.entries(state.namespaces).map(([name, labels]) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } }, status: { phase: 'Active' } }));
  }
  if (type.kind === 'Pod') return Object.values(state.deployments).flatMap((deployment) => podsOf(state, deployment)).filter(inNamespace);
  const objects = Object.values(state.objects).filter((object) => object.kind === type.kind && inNamespace(object));
  if (type.kind !== 'Deployment') return objects;
  return objects.map((object) => withStatus(object, state.deployments[`${object.metadata.namespace}/${object.metadata.name}`]));
}
